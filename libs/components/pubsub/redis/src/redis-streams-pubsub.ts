import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  PubSubFeature,
  type BulkPublisher,
  type BulkPublishRequest,
  type BulkPublishResponse,
  type MessageHandler,
  type PublishRequest,
  type SubscribeRequest,
} from '@dapr-ts/components-pubsub';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { Redis } from 'ioredis';
import { connectRedis, redisOptionsFrom } from './redis-connection';
import { parseRedisStreamsPubSubMetadata, type RedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
import { entryFields } from './stream-entry';
import { ensureGroup, StreamSubscription } from './stream-subscription';

/** The subscribe-request (and component) metadata key naming a consumer group, spelled as in Dapr. */
const ConsumerIdKey = 'consumerID';
/** How long close() waits for running handlers (their signal is aborted) before dropping the connection. */
const CloseGraceMs = 2000;

/** Constructor options of {@link RedisStreamsPubSub}. */
export interface RedisStreamsPubSubOptions {
  /** Component-scoped logger (the registry's factory passes one). Default: drops everything. */
  logger?: Logger;
}

/**
 * `pubsub.redis`: pub/sub on Redis Streams (Redis 6.2 or later), metadata as in Dapr's component.
 *
 * - **Publish** = XADD to the stream named like the topic, with fields `data` (the payload bytes,
 *   what Dapr writes and reads), and when present `contentType` and `metadata` (JSON). `maxLenApprox`
 *   adds `MAXLEN ~`, `streamTTL` adds `MINID ~` (now − TTL).
 * - **Subscribe** joins the consumer group named by the request's `consumerID`, else the component's
 *   (the runtime sets it to the app id); the group is created at the stream's start (`0`, as Dapr
 *   does), so a new group also gets what was published before it existed. Each subscription reads
 *   on a dedicated connection as its own consumer (`<host>-<pid>-<random>`). See
 *   {@link StreamSubscription} for ack, nack and reclaim.
 * - **Redelivery**: a nack comes back within `redeliverInterval` (Dapr waits for `processingTimeout`
 *   too); a message whose consumer died comes back once pending longer than `processingTimeout`.
 * - **close()** stops subscriptions, aborts the handlers' signal, waits up to 2 s for running
 *   handlers, then disconnects. Messages not acked by then are redelivered after `processingTimeout`.
 */
export class RedisStreamsPubSub implements BulkPublisher {
  private readonly logger: Logger;
  private settings: RedisStreamsPubSubMetadata | undefined;
  private command: Redis | undefined;
  private readonly subscriptions = new Set<StreamSubscription>();
  /** Aborted by close(); the signal every handler receives. */
  private lifetime = new AbortController();

  constructor(options: RedisStreamsPubSubOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Parses the metadata and connects; rejects naming the host when Redis cannot be reached within `dialTimeout`. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = parseRedisStreamsPubSubMetadata(metadata.properties);
    const command = new Redis(redisOptionsFrom(settings));
    await connectRedis(command, { target: settings.redisHost, logger: this.logger, purpose: 'commands' }, signal);
    this.settings = settings;
    this.command = command;
    this.lifetime = new AbortController();
  }

  features(): readonly PubSubFeature[] {
    return [PubSubFeature.BulkPublish];
  }

  /** XADDs the message; resolves once Redis has stored it. */
  async publish(request: PublishRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { command, settings } = this.open();
    await raceSignal(this.xadd(command, settings, request.topic, entryFields(request.data, request.contentType, request.metadata)), signal);
  }

  /** XADDs every entry at once (ioredis writes them back to back), with the request metadata under each entry's own; failures are per entry. */
  async bulkPublish(request: BulkPublishRequest, signal: AbortSignal): Promise<BulkPublishResponse> {
    signal.throwIfAborted();
    const { command, settings } = this.open();
    const results = await raceSignal(
      Promise.allSettled(request.entries.map((entry) => this.xadd(command, settings, request.topic, entryFields(entry.data, entry.contentType, { ...request.metadata, ...entry.metadata })))),
      signal,
    );
    const failedEntries: BulkPublishResponse['failedEntries'] = [];
    results.forEach((result, i) => {
      if (result.status === 'rejected') failedEntries.push({ entryId: request.entries[i]?.entryId ?? '', error: errorMessage(result.reason) });
    });
    return { failedEntries };
  }

  /**
   * Creates the group if needed, opens the subscription's connection and starts delivering.
   * Rejects with a MetadataError when no `consumerID` is set anywhere, and when `signal` is already aborted.
   */
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { command, settings } = this.open();
    const group = new MetadataReader(request.metadata).raw(ConsumerIdKey) ?? settings.consumerID;
    if (group === undefined) throw new MetadataError(ConsumerIdKey, 'is required: set it on the component or the subscription');
    await raceSignal(ensureGroup(command, request.topic, group), signal);
    const blocking = command.duplicate({ commandTimeout: undefined });
    await connectRedis(blocking, { target: settings.redisHost, logger: this.logger, purpose: `subscription ${request.topic}` }, signal);
    const subscription = new StreamSubscription({
      topic: request.topic,
      group,
      consumer: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
      command,
      blocking,
      handler,
      handlerSignal: this.lifetime.signal,
      settings,
      logger: this.logger,
    });
    if (signal.aborted) {
      blocking.disconnect();
      throw signal.reason;
    }
    this.subscriptions.add(subscription);
    signal.addEventListener(
      'abort',
      () => {
        this.subscriptions.delete(subscription);
        void subscription.stop();
      },
      { once: true },
    );
    subscription.start();
    this.logger.debug('redis streams: subscribed', { topic: request.topic, consumerGroup: group });
  }

  /** Stops every subscription and disconnects (see the class comment). Safe to call twice. */
  async close(): Promise<void> {
    const command = this.command;
    this.command = undefined;
    this.lifetime.abort(new Error('pubsub.redis closed'));
    const stopped = Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, CloseGraceMs)))]);
    clearTimeout(timer);
    if (!command) return;
    // QUIT lets queued commands (the last XACKs) finish; disconnect if Redis does not answer.
    await raceSignal(command.quit(), AbortSignal.timeout(CloseGraceMs)).catch(() => command.disconnect());
  }

  private open(): { command: Redis; settings: RedisStreamsPubSubMetadata } {
    if (!this.command || !this.settings) throw new Error('pubsub.redis is not initialised or is closed');
    return { command: this.command, settings: this.settings };
  }

  private async xadd(command: Redis, settings: RedisStreamsPubSubMetadata, topic: string, fields: (string | Buffer)[]): Promise<void> {
    // XADD takes one trim rule; with both set, MAXLEN goes inline and MINID in a following XTRIM.
    const minId = settings.streamTTLMs > 0 ? `${Math.max(0, Date.now() - settings.streamTTLMs)}-0` : undefined;
    const trim = settings.maxLenApprox > 0 ? ['MAXLEN', '~', settings.maxLenApprox] : minId ? ['MINID', '~', minId] : [];
    await command.xadd(topic, ...trim, '*', ...fields);
    if (settings.maxLenApprox > 0 && minId) await command.xtrim(topic, 'MINID', '~', minId);
  }
}
