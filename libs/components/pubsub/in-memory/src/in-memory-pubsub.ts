import { randomUUID } from 'node:crypto';
import { MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  PubSubFeature,
  type BulkPublisher,
  type BulkPublishRequest,
  type BulkPublishResponse,
  type Message,
  type MessageHandler,
  type PublishRequest,
  type SubscribeRequest,
} from '@dapr-ts/components-pubsub';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { ConsumerGroup, copyMessage } from './consumer-group';
import { parseInMemoryPubSubMetadata, redeliveryDelayMs, type InMemoryPubSubMetadata } from './in-memory-pubsub-metadata';

/** The subscribe-request (and component) metadata key naming a consumer group, spelled as in Dapr. */
const ConsumerIdKey = 'consumerID';

/** Constructor options of {@link InMemoryPubSub}. */
export interface InMemoryPubSubOptions {
  /** Component-scoped logger (the registry's factory passes one). Default: drops everything. */
  logger?: Logger;
}

/**
 * `pubsub.in-memory`: a real broker living in the sidecar's memory (contrib pubsub/in-memory), with
 * consumer groups and at-least-once redelivery. Every test tier runs against it.
 *
 * - **Topics** exist once subscribed: a message published to a topic no group has ever subscribed
 *   is dropped, as in Dapr. `publish` resolves once the message is queued for every group.
 * - **Consumer groups** come from the subscribe request's `consumerID` metadata, else the
 *   component's `consumerID`, else each subscription is its own anonymous group. Every group gets
 *   every message; the subscribers of one group share them round-robin.
 * - **Delivery** starts in publish order per group, at most `maxConcurrentHandlers` (default 100,
 *   0 = unbounded) per subscriber at once. A rejected handler (nack) gets the message again after
 *   `redeliverInterval` (default 200ms), doubling per attempt up to `maxRedeliverInterval` (default
 *   10s), forever until acked; redeliveries may overtake newer messages.
 * - **Unsubscribing** (the subscribe `signal` aborts) stops new deliveries to that subscriber;
 *   handlers already running finish and their ack or nack still counts. A named group keeps its
 *   queue (and keeps receiving) with no subscriber, so re-subscribing in-process loses nothing; an
 *   anonymous group is dropped with its subscriber, since nobody can join it again.
 * - **close()** drops every queue, cancels redeliveries and aborts the `signal` handlers receive.
 *
 * Messages are copied on publish and on every delivery, so neither publishers nor handlers can
 * change what another party sees. No MESSAGE_TTL: the runtime expires messages for this broker.
 */
export class InMemoryPubSub implements BulkPublisher {
  private readonly logger: Logger;
  private settings: InMemoryPubSubMetadata = parseInMemoryPubSubMetadata({});
  /** topic → group name → group. */
  private readonly topics = new Map<string, Map<string, ConsumerGroup>>();
  /** Aborted by close(); the signal every handler receives. */
  private lifetime = new AbortController();
  /** Removes the abort listeners put on subscribe signals, so close() leaves no references behind. */
  private readonly detachers = new Set<() => void>();
  private closed = false;

  constructor(options: InMemoryPubSubOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Reads the metadata (see the class comment); after close() it opens the broker again, empty. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.settings = parseInMemoryPubSubMetadata(metadata.properties);
    if (this.closed) this.lifetime = new AbortController();
    this.closed = false;
  }

  features(): readonly PubSubFeature[] {
    return [PubSubFeature.BulkPublish];
  }

  /** Queues the message for every group of the topic (none: dropped). Rejects once closed. */
  async publish(request: PublishRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.ensureOpen();
    this.fanOut(toMessage(request.topic, request.data, request.contentType, request.metadata));
  }

  /** Queues every entry, in order, with the request metadata under each entry's own; nothing can fail per entry. */
  async bulkPublish(request: BulkPublishRequest, signal: AbortSignal): Promise<BulkPublishResponse> {
    signal.throwIfAborted();
    this.ensureOpen();
    for (const entry of request.entries) {
      this.fanOut(toMessage(request.topic, entry.data, entry.contentType, { ...request.metadata, ...entry.metadata }));
    }
    return { failedEntries: [] };
  }

  /**
   * Joins (or creates) the consumer group and starts delivering to `handler`; queued messages of a
   * named group flow at once. Rejects when `signal` is already aborted or the broker is closed, and
   * with a MetadataError when two request metadata keys differ only in case.
   */
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.ensureOpen();
    const named = new MetadataReader(request.metadata).raw(ConsumerIdKey) ?? this.settings.consumerID;
    const group = this.group(request.topic, named ?? `anonymous-${randomUUID()}`);
    const remove = group.addSubscriber(handler);
    const unsubscribe = (): void => {
      this.detachers.delete(detach);
      remove();
      if (named === undefined) this.dropGroup(request.topic, group);
    };
    const detach = (): void => signal.removeEventListener('abort', unsubscribe);
    this.detachers.add(detach);
    signal.addEventListener('abort', unsubscribe, { once: true });
  }

  /** Stops every group and aborts running handlers' signal. Handlers still running are not awaited. */
  async close(): Promise<void> {
    this.closed = true;
    this.lifetime.abort(new Error('pubsub.in-memory closed'));
    for (const detach of this.detachers) detach();
    this.detachers.clear();
    for (const groups of this.topics.values()) for (const group of groups.values()) group.stop();
    this.topics.clear();
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('pubsub.in-memory is closed');
  }

  private fanOut(message: Message): void {
    const groups = this.topics.get(message.topic);
    if (!groups) {
      this.logger.debug('dropping message published to a topic without subscribers', { topic: message.topic });
      return;
    }
    // The first group may keep the publish-time copy; the others need their own.
    let first = true;
    for (const group of groups.values()) {
      group.enqueue(first ? message : copyMessage(message));
      first = false;
    }
  }

  private group(topic: string, name: string): ConsumerGroup {
    let groups = this.topics.get(topic);
    if (!groups) {
      groups = new Map();
      this.topics.set(topic, groups);
    }
    let group = groups.get(name);
    if (!group) {
      group = new ConsumerGroup({
        topic,
        name,
        maxConcurrentHandlers: this.settings.maxConcurrentHandlers,
        redeliveryDelayMs: (attempts) => redeliveryDelayMs(this.settings, attempts),
        handlerSignal: this.lifetime.signal,
        logger: this.logger,
      });
      groups.set(name, group);
    }
    return group;
  }

  /** Removes an anonymous group; a topic left with no group drops its messages again. */
  private dropGroup(topic: string, group: ConsumerGroup): void {
    const groups = this.topics.get(topic);
    if (groups?.get(group.name) !== group) return;
    group.stop();
    groups.delete(group.name);
    if (groups.size === 0) this.topics.delete(topic);
  }
}

/** The broker's private copy of a published message. */
function toMessage(topic: string, data: Uint8Array, contentType: string | undefined, metadata: Record<string, string>): Message {
  return copyMessage({ topic, data, ...(contentType === undefined ? {} : { contentType }), metadata });
}
