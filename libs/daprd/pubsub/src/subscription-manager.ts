import type { Logger } from '@dapr-ts/logger';
import type { PubSubLookup } from './pubsub-lookup';
import type { ActiveSubscription, EventSink, RetrySchedule } from './subscription-types';
import { TopicSubscriber } from './topic-subscriber';

export interface SubscriptionManagerOptions {
  pubsubs: PubSubLookup;
  logger: Logger;
  /** The inbound Resiliency retry policy of a pub/sub, if one targets it. */
  retryFor?: (pubsubName: string) => RetrySchedule | undefined;
}

const brand: unique symbol = Symbol.for('dapr-ts.SubscriptionRejectedError');

/** A subscription can't be started: unknown pub/sub, topic out of scope, or a duplicate. */
export class SubscriptionRejectedError extends Error {
  readonly [brand] = true;
  override readonly name = 'SubscriptionRejectedError';
}

export function isSubscriptionRejectedError(value: unknown): value is SubscriptionRejectedError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}

interface Running {
  subscriber: TopicSubscriber;
  controller: AbortController;
}

/**
 * Owns the running subscriptions of a sidecar (declarative, programmatic and streaming), one per
 * pub/sub + topic. Stopping first stops new deliveries on every subscription, then lets in-flight
 * ones finish within the graceful period.
 */
export class SubscriptionManager {
  private readonly options: SubscriptionManagerOptions;
  private readonly running = new Map<string, Running>();

  constructor(options: SubscriptionManagerOptions) {
    this.options = options;
  }

  /** Starts the app's subscriptions; ones that can't run are logged and skipped (as daprd does). */
  async startAll(subscriptions: readonly ActiveSubscription[], sink: EventSink): Promise<void> {
    for (const subscription of subscriptions) {
      try {
        await this.add(subscription, sink);
      } catch (err) {
        this.options.logger.warn(`subscription to topic ${subscription.topic} on pubsub ${subscription.pubsubName} not started: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Starts one subscription; throws SubscriptionRejectedError when it can't run. The returned
   * function stops it (new deliveries at once, in-flight ones within `graceMs`).
   */
  async add(subscription: ActiveSubscription, sink: EventSink): Promise<(graceMs: number) => Promise<void>> {
    const { pubsubName, topic } = subscription;
    const registered = this.options.pubsubs.get(pubsubName);
    if (!registered) throw new SubscriptionRejectedError(`pubsub ${pubsubName} is not found`);
    if (!registered.access.canSubscribe(topic)) throw new SubscriptionRejectedError(`topic ${topic} is not allowed for subscriptions on pubsub ${pubsubName} (subscriptionScopes)`);
    const key = `${pubsubName}||${topic}`;
    if (this.running.has(key)) throw new SubscriptionRejectedError(`topic ${topic} on pubsub ${pubsubName} already has a subscription`);
    const subscriber = new TopicSubscriber({
      subscription,
      registered,
      sink,
      retry: this.options.retryFor?.(pubsubName),
      logger: this.options.logger.child({ topic, pubsub: pubsubName }),
    });
    const controller = new AbortController();
    const running = { subscriber, controller };
    this.running.set(key, running);
    try {
      await subscriber.start(controller.signal);
    } catch (err) {
      this.running.delete(key);
      controller.abort();
      throw err;
    }
    this.options.logger.info(`subscribed to topic ${topic} on pubsub ${pubsubName} (${subscription.kind.toLowerCase()})`);
    return async (graceMs) => {
      if (this.running.get(key) !== running) return;
      this.running.delete(key);
      await stopOne(running, graceMs);
    };
  }

  /** Subscriptions currently running, for the metadata API. */
  list(): ActiveSubscription[] {
    return [...this.running.values()].map((r) => r.subscriber.subscription);
  }

  async stop(graceMs: number): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((running) => stopOne(running, graceMs)));
  }
}

async function stopOne(running: Running, graceMs: number): Promise<void> {
  running.controller.abort();
  await running.subscriber.drain(graceMs);
}
