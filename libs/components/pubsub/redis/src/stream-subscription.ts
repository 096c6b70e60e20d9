import type { MessageHandler } from '@dapr-ts/components-pubsub';
import { errorMessage, sleep } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import type { Redis } from 'ioredis';
import { isRedisError } from './redis-connection';
import type { RedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
import { decodeEntry, decodeReadReply, type StreamEntry } from './stream-entry';

/** XREADGROUP BLOCK when `readTimeout` is -1: the read still returns now and then, so a dead link shows. */
const DefaultBlockMs = 5000;
/** Pause after a failed read before the next one (ioredis reconnects meanwhile). */
const ReadRetryDelayMs = 500;
/** Slack when reclaiming our own nacked entries: the entry's idle time is at least our local estimate minus this. */
const ClaimMarginMs = 50;

/** What a {@link StreamSubscription} needs; `blocking` is its own, already connected, connection. */
export interface StreamSubscriptionOptions {
  topic: string;
  group: string;
  /** Unique per subscription, so two subscriptions of one group in one process never share pending entries. */
  consumer: string;
  /** The component's shared connection, for XACK, XPENDING and XCLAIM. */
  command: Redis;
  /** A dedicated connection: XREADGROUP BLOCK holds it. Disconnected by stop(). */
  blocking: Redis;
  handler: MessageHandler;
  /** Passed to every handler; aborts when the component closes. */
  handlerSignal: AbortSignal;
  settings: Pick<RedisStreamsPubSubMetadata, 'queueDepth' | 'concurrency' | 'redeliverIntervalMs' | 'processingTimeoutMs' | 'readTimeoutMs' | 'ackOnError'>;
  logger: Logger;
}

interface Delivery {
  entry: StreamEntry;
  /** When this consumer got the entry (local clock): the entry's idle time in Redis starts about then. */
  receivedAt: number;
}

/** Creates the consumer group at the start of the stream (as Dapr does), creating the stream too; an existing group is fine. */
export async function ensureGroup(command: Redis, topic: string, group: string): Promise<void> {
  try {
    await command.xgroup('CREATE', topic, group, '0', 'MKSTREAM');
  } catch (err) {
    if (!isRedisError(err, 'BUSYGROUP')) throw err;
  }
}

/**
 * One subscriber in one consumer group of one stream.
 *
 * - **Reading**: XREADGROUP `>` on the dedicated connection, at most `queueDepth` entries held
 *   (queued or running) at once; handlers start in stream order, `concurrency` at a time.
 * - **Ack**: XACK once the handler resolves (or rejects, with `ackOnError`).
 * - **Nack**: the entry stays pending under this consumer and is claimed back (XCLAIM) and
 *   delivered again at the next reclaim tick, i.e. within `redeliverInterval`.
 * - **Reclaim**: at start and every `redeliverInterval`, entries of the group pending longer than
 *   `processingTimeout` (a crashed or stuck consumer's) are claimed and delivered here; entries
 *   this subscription still holds are left alone. Either setting at 0 disables redelivery.
 * - **stop()**: no new delivery starts; running handlers finish and still ack or nack.
 */
export class StreamSubscription {
  private readonly options: StreamSubscriptionOptions;
  private readonly queue: Delivery[] = [];
  /** Ids queued or running here (until their ack/nack is recorded): never reclaimed by us meanwhile. */
  private readonly held = new Set<string>();
  /** Nacked ids → when we received them; claimed back at the next reclaim tick. */
  private readonly nacked = new Map<string, number>();
  private running = 0;
  private stopped = false;
  private wakeReader: (() => void) | undefined;
  private wakeIdle: (() => void) | undefined;
  private reclaimTimer: NodeJS.Timeout | undefined;
  private reclaiming: Promise<void> = Promise.resolve();
  private finished: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(options: StreamSubscriptionOptions) {
    this.options = options;
  }

  private get redeliveryEnabled(): boolean {
    return this.options.settings.redeliverIntervalMs > 0 && this.options.settings.processingTimeoutMs > 0;
  }

  /** Starts reading and, when redelivery is enabled, reclaims at once and then every `redeliverInterval`. */
  start(): void {
    void this.readLoop().catch((err: unknown) => this.options.logger.error("redis streams: read loop stopped", { topic: this.options.topic, error: errorMessage(err) }));
    if (this.redeliveryEnabled) this.runReclaim();
  }

  /**
   * Stops reading and reclaiming and drops entries not yet handed to the handler (they stay
   * pending and another consumer reclaims them after `processingTimeout`). Resolves once running
   * handlers have settled; the consumer is then deleted from the group if nothing is pending on it.
   */
  stop(): Promise<void> {
    if (this.finished) return this.finished;
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.reclaimTimer);
    this.options.blocking.disconnect();
    for (const { entry } of this.queue.splice(0)) this.held.delete(entry.id);
    this.wakeReader?.();
    this.finished = this.whenIdle().then(() => this.deleteConsumerIfEmpty());
    return this.finished;
  }

  private async readLoop(): Promise<void> {
    const { blocking, topic, group, consumer, settings, logger } = this.options;
    const blockMs = settings.readTimeoutMs ?? DefaultBlockMs;
    while (!this.stopped) {
      const room = settings.queueDepth - this.held.size;
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        continue;
      }
      try {
        const reply = await blocking.callBuffer('XREADGROUP', 'GROUP', group, consumer, 'COUNT', room, 'BLOCK', blockMs, 'STREAMS', topic, '>');
        // Entries read just as we stopped stay pending; another consumer reclaims them.
        const receivedAt = Date.now();
        for (const entry of decodeReadReply(topic, reply)) this.enqueue({ entry, receivedAt });
      } catch (err) {
        if (this.stopped) return;
        logger.warn('redis streams: reading failed; retrying', { topic, consumerGroup: group, error: errorMessage(err) });
        // The group vanishes when the stream is deleted or Redis restarts without persistence.
        if (isRedisError(err, 'NOGROUP')) await ensureGroup(this.options.command, topic, group).catch(() => undefined);
        await sleep(ReadRetryDelayMs, this.stopping.signal);
      }
    }
  }

  private enqueue(delivery: Delivery): void {
    if (this.stopped || this.held.has(delivery.entry.id)) return;
    this.held.add(delivery.entry.id);
    this.nacked.delete(delivery.entry.id);
    this.queue.push(delivery);
    this.pump();
  }

  /** Starts queued deliveries, in order, while fewer than `concurrency` run. */
  private pump(): void {
    while (!this.stopped && this.running < this.options.settings.concurrency) {
      const delivery = this.queue.shift();
      if (!delivery) return;
      this.running += 1;
      void this.deliver(delivery);
    }
  }

  private async deliver({ entry, receivedAt }: Delivery): Promise<void> {
    const { command, topic, group, handler, handlerSignal, settings, logger } = this.options;
    let failure: unknown;
    let failed = false;
    try {
      // A microtask: a synchronous throw is a nack too, and handlers start in queue order.
      await Promise.resolve().then(() => handler(entry.message, handlerSignal));
    } catch (err) {
      failed = true;
      failure = err;
    }
    try {
      if (!failed || settings.ackOnError) await command.xack(topic, group, entry.id);
      else {
        this.nacked.set(entry.id, receivedAt);
        logger.debug('redis streams: handler failed; message stays pending', { topic, consumerGroup: group, id: entry.id, error: errorMessage(failure) });
      }
    } catch (err) {
      logger.warn('redis streams: XACK failed; the message will be redelivered', { topic, consumerGroup: group, id: entry.id, error: errorMessage(err) });
    } finally {
      this.held.delete(entry.id);
      this.running -= 1;
      this.pump();
      this.wakeReader?.();
      if (this.running === 0) this.wakeIdle?.();
    }
  }

  private runReclaim(): void {
    this.reclaiming = this.reclaim().finally(() => {
      if (this.stopped) return;
      this.reclaimTimer = setTimeout(() => this.runReclaim(), this.options.settings.redeliverIntervalMs);
    });
  }

  private async reclaim(): Promise<void> {
    try {
      await this.reclaimNacked();
      await this.reclaimIdle();
    } catch (err) {
      if (!this.stopped) this.options.logger.warn('redis streams: reclaiming pending messages failed', { topic: this.options.topic, consumerGroup: this.options.group, error: errorMessage(err) });
    }
  }

  /**
   * Claims our nacked entries back, which resets their idle time and counts a delivery. The
   * min-idle guard fails when another consumer took an entry over meanwhile (its idle time restarted).
   */
  private async reclaimNacked(): Promise<void> {
    const { command, topic, group, consumer } = this.options;
    const claims = [...this.nacked].map(async ([id, receivedAt]) => {
      this.nacked.delete(id);
      const minIdle = Math.max(0, Date.now() - receivedAt - ClaimMarginMs);
      return command.callBuffer('XCLAIM', topic, group, consumer, minIdle, id);
    });
    for (const reply of await Promise.all(claims)) this.enqueueClaimed(reply);
  }

  /** Claims entries of the group idle for `processingTimeout`, page by page, up to the free room. */
  private async reclaimIdle(): Promise<void> {
    const { command, topic, group, consumer, settings } = this.options;
    const pageSize = settings.queueDepth;
    let start = '-';
    while (!this.stopped) {
      const room = settings.queueDepth - this.held.size;
      if (room <= 0) return;
      const page = (await command.call('XPENDING', topic, group, 'IDLE', settings.processingTimeoutMs, start, '+', pageSize)) as [string, string, number, number][];
      const ids = page.filter(([id, owner]) => !(owner === consumer && this.held.has(id))).map(([id]) => id).slice(0, room);
      if (ids.length > 0) this.enqueueClaimed(await command.callBuffer('XCLAIM', topic, group, consumer, settings.processingTimeoutMs, ...ids));
      const last = page.at(-1);
      if (page.length < pageSize || !last) return;
      start = `(${last[0]}`;
    }
  }

  private enqueueClaimed(reply: unknown): void {
    if (!Array.isArray(reply)) return;
    const receivedAt = Date.now();
    for (const raw of reply as unknown[]) {
      const entry = decodeEntry(this.options.topic, raw);
      if (entry) this.enqueue({ entry, receivedAt });
    }
  }

  private async whenIdle(): Promise<void> {
    // Not the read loop: its XREADGROUP dies with the blocking connection, and enqueue() ignores late replies.
    await this.reclaiming;
    if (this.running > 0) await new Promise<void>((resolve) => (this.wakeIdle = resolve));
  }

  /** Deletes this consumer from the group unless messages are pending on it (deleting would orphan them). */
  private async deleteConsumerIfEmpty(): Promise<void> {
    const { command, topic, group, consumer, logger } = this.options;
    try {
      const pending = (await command.call('XPENDING', topic, group, '-', '+', 1, consumer)) as unknown[];
      if (pending.length === 0) await command.call('XGROUP', 'DELCONSUMER', topic, group, consumer);
    } catch (err) {
      logger.debug('redis streams: could not remove the consumer from its group', { topic, consumerGroup: group, consumer, error: errorMessage(err) });
    }
  }
}
