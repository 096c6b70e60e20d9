import { ConcurrencyMode, type MessageHandler } from '@dapr-ts/components-pubsub';
import type { Logger } from '@dapr-ts/logger';
import { errorMessage } from '@dapr-ts/kit';
import { consumerOpts, millis, type ConsumerInfo, type JetStreamClient, type JetStreamSubscription as NatsSubscription, type JsMsg } from 'nats';
import { toMessage } from './jetstream-message';
import { JetStreamAckPolicy, type JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';

/** Nak delay when neither `backOff` nor `ackWait` is set: 500 ms, doubling per delivery, up to 30 s. */
const FirstNakDelayMs = 500;
const MaxNakDelayMs = 30_000;
/** The server's ack wait when a consumer reports none. */
const DefaultAckWaitMs = 30_000;
/** Floor of the in-progress reports' period (a `backOff` starting at a few ms would otherwise spin). */
const MinProgressIntervalMs = 10;

/** What a {@link JetStreamSubscription} needs. */
export interface JetStreamSubscriptionOptions {
  topic: string;
  stream: string;
  consumer: ConsumerInfo;
  client: JetStreamClient;
  handler: MessageHandler;
  /** Passed to every handler; aborts when the component closes. */
  handlerSignal: AbortSignal;
  settings: JetStreamPubSubMetadata;
  logger: Logger;
}

/**
 * The delay before a nacked message comes back: the `backOff` entry for its delivery count (the
 * last one repeating), else `ackWait` (what Dapr naks with), else 500 ms doubling up to 30 s.
 */
export function nakDelayMs(settings: Pick<JetStreamPubSubMetadata, 'backOffMs' | 'ackWaitMs'>, deliveryCount: number): number {
  const { backOffMs } = settings;
  if (backOffMs.length > 0) return backOffMs[Math.min(deliveryCount, backOffMs.length) - 1] ?? 0;
  if (settings.ackWaitMs !== undefined) return settings.ackWaitMs;
  return Math.min(MaxNakDelayMs, FirstNakDelayMs * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * One subscriber bound to a durable push consumer, in its deliver group (so subscribers of one
 * group, in this process or in other sidecars, share the messages).
 *
 * - **Concurrency**: `single` (Dapr's default) runs handlers one at a time in delivery order;
 *   `parallel` runs each delivery at once (the consumer's `maxAckPending` bounds them).
 * - **Ack** once the handler resolved; **nak** with a delay (see {@link nakDelayMs}) when it
 *   rejected. With `ackPolicy: none` nothing is acknowledged and a failure loses the message.
 * - **In progress**: every half ack wait (half the first `backOff` entry when set: JetStream
 *   uses it as the ack wait of a first delivery), messages received but not yet acked (queued or
 *   running) are reported as in progress, so the server does not redeliver them meanwhile;
 *   when the process dies they come back after one ack wait.
 * - **stop()**: unsubscribes; messages not yet started are nakked at once (another subscriber of
 *   the group may take them); running handlers finish and still ack or nak.
 */
export class JetStreamSubscription {
  private readonly options: JetStreamSubscriptionOptions;
  private readonly queue: JsMsg[] = [];
  /** Received and not yet settled: queued or running. */
  private readonly pending = new Set<JsMsg>();
  private running = 0;
  private stopped = false;
  private subscription: NatsSubscription | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(options: JetStreamSubscriptionOptions) {
    this.options = options;
  }

  private get acks(): boolean {
    return this.options.settings.ackPolicy !== JetStreamAckPolicy.None;
  }

  /** Binds to the consumer (and its deliver group) and starts delivering. */
  async start(): Promise<void> {
    const { client, stream, consumer, topic, logger } = this.options;
    const opts = consumerOpts();
    opts.bind(stream, consumer.name);
    opts.manualAck();
    if (consumer.config.deliver_group) opts.queue(consumer.config.deliver_group);
    opts.callback((err, message) => {
      if (err) logger.warn('jetstream: subscription error', { topic, consumer: consumer.name, error: errorMessage(err) });
      if (message) this.receive(message);
    });
    this.subscription = await client.subscribe(topic, opts);
    if (this.acks) {
      // With a backoff list JetStream takes its first entry as the ack wait of a first delivery.
      const firstAckWait = consumer.config.backoff?.[0] ?? consumer.config.ack_wait;
      const everyMs = Math.max(MinProgressIntervalMs, (firstAckWait ? millis(firstAckWait) : DefaultAckWaitMs) / 2);
      this.progressTimer = setInterval(() => this.reportProgress(), everyMs);
    }
  }

  /** See the class comment. Resolves once running handlers have settled. */
  async stop(): Promise<void> {
    if (this.stopped) return this.whenIdle();
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const message of this.queue.splice(0)) {
      this.pending.delete(message);
      if (this.acks) message.nak();
    }
    await this.whenIdle();
    clearInterval(this.progressTimer);
  }

  /** Stops reporting progress for what is still running (after stop() ran out of time): it comes back after one ack wait. */
  kill(): void {
    clearInterval(this.progressTimer);
    this.pending.clear();
  }

  private receive(message: JsMsg): void {
    if (this.stopped) {
      if (this.acks) message.nak();
      return;
    }
    this.pending.add(message);
    this.queue.push(message);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.settings.concurrency === ConcurrencyMode.Single ? 1 : Number.POSITIVE_INFINITY;
    while (!this.stopped && this.running < limit) {
      const message = this.queue.shift();
      if (!message) return;
      this.running += 1;
      void this.deliver(message);
    }
  }

  private async deliver(message: JsMsg): Promise<void> {
    const { topic, handler, handlerSignal, settings, logger } = this.options;
    try {
      // A microtask: a synchronous throw is a nack too.
      await Promise.resolve().then(() => handler(toMessage(topic, message), handlerSignal));
      if (this.acks) message.ack();
    } catch (err) {
      if (!this.acks) logger.warn('jetstream: handler failed with ackPolicy none; the message is lost', { topic, error: errorMessage(err) });
      else {
        const delay = nakDelayMs(settings, message.info.redeliveryCount);
        message.nak(delay);
        logger.debug('jetstream: handler failed; message nakked', { topic, sequence: message.info.streamSequence, delayMs: delay, error: errorMessage(err) });
      }
    } finally {
      this.pending.delete(message);
      this.running -= 1;
      this.pump();
      if (this.running === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private reportProgress(): void {
    for (const message of this.pending) message.working();
  }

  private async whenIdle(): Promise<void> {
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}
