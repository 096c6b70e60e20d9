import { randomUUID } from 'node:crypto';
import type { Message } from '@dapr-ts/components-pubsub';
import { TopicEventStatus, type BulkTopicEventDelivery, type BulkTopicEventEntry, type CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import type { Logger } from '@dapr-ts/logger';
import { CloudEventContentType } from './content-type';
import { isRawPayloadSubscription } from './inbound-message';
import type { ActiveSubscription } from './subscription-types';

/** Dapr's bulk subscribe defaults. */
export const DefaultMaxMessagesCount = 100;
export const DefaultMaxAwaitDurationMs = 1000;

interface Pending {
  entry: BulkTopicEventEntry;
  path: string;
  message: Message;
  settle: (status: TopicEventStatus | Error) => void;
}

export interface BulkBatcherOptions {
  subscription: ActiveSubscription;
  deliverBulk: (event: BulkTopicEventDelivery, signal: AbortSignal) => Promise<Map<string, TopicEventStatus>>;
  deadLetter: (message: Message, reason: string) => Promise<void>;
  logger: Logger;
}

/**
 * Bulk subscribe: collects messages until `maxMessagesCount` are waiting or `maxAwaitDurationMs`
 * passed since the first, then delivers them as one batch per route. Each message's handler
 * waits for its own entry's status: SUCCESS acks, DROP dead-letters, RETRY (or no answer) nacks.
 */
export class BulkBatcher {
  private readonly options: BulkBatcherOptions;
  private readonly maxCount: number;
  private readonly maxAwaitMs: number;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: BulkBatcherOptions) {
    this.options = options;
    const bulk = options.subscription.bulkSubscribe;
    this.maxCount = bulk?.maxMessagesCount && bulk.maxMessagesCount > 0 ? bulk.maxMessagesCount : DefaultMaxMessagesCount;
    this.maxAwaitMs = bulk?.maxAwaitDurationMs && bulk.maxAwaitDurationMs > 0 ? bulk.maxAwaitDurationMs : DefaultMaxAwaitDurationMs;
  }

  /** Queues one message; settles when its batch has been answered. */
  async add(message: Message, event: CloudEvent, path: string): Promise<void> {
    const raw = isRawPayloadSubscription(this.options.subscription);
    const entry: BulkTopicEventEntry = {
      entryId: randomUUID(),
      event: raw ? message.data : event,
      contentType: raw ? message.contentType || 'application/octet-stream' : CloudEventContentType,
      metadata: message.metadata,
    };
    const outcome = await new Promise<TopicEventStatus | Error>((settle) => {
      this.pending.push({ entry, path, message, settle });
      if (this.pending.length >= this.maxCount) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.maxAwaitMs);
    });
    if (outcome instanceof Error) throw outcome;
    if (outcome === TopicEventStatus.Success) return;
    if (outcome === TopicEventStatus.Drop) return this.options.deadLetter(message, `the app answered DROP for bulk entry ${entry.entryId}`);
    throw new Error(`bulk entry ${entry.entryId} not processed; the broker will redeliver it`);
  }

  /** Sends whatever is waiting now. */
  flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    const byPath = new Map<string, Pending[]>();
    for (const item of batch) byPath.set(item.path, [...(byPath.get(item.path) ?? []), item]);
    for (const [path, items] of byPath) void this.send(path, items);
  }

  private async send(path: string, items: Pending[]): Promise<void> {
    const { subscription, logger } = this.options;
    try {
      const statuses = await this.options.deliverBulk(
        { id: randomUUID(), pubsubName: subscription.pubsubName, topic: subscription.topic, path, entries: items.map((item) => item.entry), metadata: {} },
        AbortSignal.timeout(60_000),
      );
      for (const item of items) item.settle(statuses.get(item.entry.entryId) ?? TopicEventStatus.Retry);
    } catch (err) {
      logger.warn(`bulk delivery of ${items.length} messages from topic ${subscription.topic} failed, will retry: ${(err as Error).message}`);
      for (const item of items) item.settle(new Error(`bulk delivery failed: ${(err as Error).message}`));
    }
  }
}
