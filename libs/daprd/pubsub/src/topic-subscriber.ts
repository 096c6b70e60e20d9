import type { Message } from '@dapr-ts/components-pubsub';
import { TopicEventStatus } from '@dapr-ts/daprd-app-callbacks';
import { sleep } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { BulkBatcher } from './bulk-batcher';
import { deadLetterOrDrop } from './dead-letter';
import { InFlight } from '@dapr-ts/kit';
import { decideInbound } from './inbound-message';
import type { RegisteredPubSub } from './pubsub-lookup';
import type { ActiveSubscription, EventSink, RetrySchedule } from './subscription-types';

export interface TopicSubscriberOptions {
  subscription: ActiveSubscription;
  registered: RegisteredPubSub;
  sink: EventSink;
  /** The Resiliency retry policy for this pub/sub's inbound side, if any. */
  retry: RetrySchedule | undefined;
  logger: Logger;
  now?: () => Date;
}

/** Error a handler rejects with so the broker redelivers the message. */
class RedeliverError extends Error {
  override readonly name = 'RedeliverError';
}

/**
 * Runs one subscription: takes the broker's messages, delivers them to the sink and acks, retries
 * or dead-letters them by the app's answer (Dapr's table: SUCCESS acks, DROP and 404 dead-letter
 * or drop, RETRY / other statuses / errors retry). Without a retry policy a failure is a nack and
 * the broker redelivers; with one, the runtime retries first and dead-letters when it runs out.
 * While stopping, nothing is dead-lettered: unfinished messages are nacked instead.
 */
export class TopicSubscriber {
  private readonly options: TopicSubscriberOptions;
  private readonly inFlight = new InFlight();
  private readonly batcher: BulkBatcher | undefined;
  private stopping = false;

  constructor(options: TopicSubscriberOptions) {
    this.options = options;
    const { subscription, sink } = options;
    if (subscription.bulkSubscribe?.enabled && sink.deliverBulk) {
      this.batcher = new BulkBatcher({ ...options, deliverBulk: sink.deliverBulk.bind(sink), deadLetter: (message, reason) => this.deadLetter(message, reason) });
    }
  }

  get subscription(): ActiveSubscription {
    return this.options.subscription;
  }

  /** Subscribes on the broker; deliveries start right away. */
  async start(signal: AbortSignal): Promise<void> {
    const { subscription, registered } = this.options;
    await registered.pubsub.subscribe({ topic: subscription.topic, metadata: { ...subscription.metadata } }, (message, handlerSignal) => this.inFlight.track(() => this.handle(message, handlerSignal)), signal);
  }

  /** Stops dead-lettering and waits up to `graceMs` for in-flight deliveries. */
  async drain(graceMs: number): Promise<boolean> {
    this.stopping = true;
    this.batcher?.flushNow();
    return this.inFlight.drain(graceMs);
  }

  private async handle(message: Message, signal: AbortSignal): Promise<void> {
    const { subscription, sink, logger } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const decision = decideInbound(message, subscription, now);
    if (decision.kind === 'undeliverable') return this.deadLetter(decision.expired ? withoutExpiration(message, decision.expired) : message, decision.reason);
    if (this.batcher) return this.batcher.add(message, decision.event, decision.path);

    for (let retry = 1; ; retry++) {
      let status: TopicEventStatus;
      try {
        status = await sink.deliver({ pubsubName: subscription.pubsubName, topic: subscription.topic, path: decision.path, cloudEvent: decision.event, metadata: message.metadata }, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        logger.warn(`delivering message ${String(decision.event['id'])} from topic ${subscription.topic} failed, will retry: ${(err as Error).message}`);
        status = TopicEventStatus.Retry;
      }
      if (status === TopicEventStatus.Success) return;
      if (status === TopicEventStatus.Drop) return this.deadLetter(message, `the app answered DROP for message ${String(decision.event['id'])}`);
      const delay = this.options.retry?.delayMs(retry);
      if (delay === undefined || this.stopping) {
        if (this.options.retry && !this.stopping && subscription.deadLetterTopic) return this.deadLetter(message, `retries exhausted for message ${String(decision.event['id'])}`);
        throw new RedeliverError(`message ${String(decision.event['id'])} not processed; the broker will redeliver it`);
      }
      await sleep(delay, signal);
    }
  }

  private async deadLetter(message: Message, reason: string): Promise<void> {
    if (this.stopping) throw new RedeliverError(`not dead-lettering during shutdown (${reason})`);
    await deadLetterOrDrop(message, reason, this.options.subscription, this.options.registered, this.options.logger);
  }
}

/** An expired envelope goes to the dead-letter topic without its `expiration`, or it could never be read there. */
function withoutExpiration(message: Message, event: Record<string, unknown>): Message {
  const { expiration: _expired, ...rest } = event;
  return { ...message, data: Buffer.from(JSON.stringify(rest)) };
}
