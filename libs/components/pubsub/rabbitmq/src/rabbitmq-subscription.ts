import { ConcurrencyMode, type MessageHandler } from '@dapr-ts/components-pubsub';
import { InFlight, errorMessage, sleep } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { toMessage } from './amqp-message';
import type { RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';
import { declareSubscriptionQueue } from './rabbitmq-topology';

/** What a {@link RabbitMQSubscription} needs. */
export interface RabbitMQSubscriptionOptions {
  topic: string;
  queue: string;
  /** Keys the queue is bound with (`routingKey` subscription metadata, comma-separated; default `""`). */
  bindingKeys: readonly string[];
  handler: MessageHandler;
  /** Passed to every handler; aborts when the component closes. */
  handlerSignal: AbortSignal;
  settings: RabbitMQPubSubMetadata;
  /** The component's live connection, or undefined while it reconnects. */
  connection: () => ChannelModel | undefined;
  logger: Logger;
}

/** Wait before re-attaching after a lost channel when `reconnectWait` is 0: avoids a hot loop against a failing broker. */
const MinRetryMs = 100;


/**
 * One subscriber on one consumer group's queue, on a channel of its own (so `prefetchCount`
 * bounds each subscription and delivery tags stay per subscription).
 *
 * - **Ack** once the handler resolves; **nack** when it rejects, with requeue per
 *   `requeueInFailure` (a requeued message is redelivered at once; otherwise it is dropped, or
 *   dead-lettered with `enableDeadLetter`). Both go to the channel the message came from.
 * - **Concurrency**: `parallel` runs every delivery at once (bounded by `prefetchCount`);
 *   `single` runs them one by one in delivery order.
 * - **stop()** cancels the consumer, lets running handlers finish and ack or nack, then closes
 *   the channel; deliveries not yet started return to the queue with it.
 * - **Lost channel** (a broker-side channel error, or the whole connection lost): every
 *   `reconnectWait` the subscription tries to attach again on the component's current connection,
 *   until it works. Only the subscription re-attaches itself, so it never consumes twice.
 */
export class RabbitMQSubscription {
  private readonly options: RabbitMQSubscriptionOptions;
  private readonly running = new InFlight();
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  /** The `single` mode queue: each delivery starts after the previous one settled. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(options: RabbitMQSubscriptionOptions) {
    this.options = options;
  }

  /**
   * Opens a channel on `connection`, declares the queue and its binding, and starts consuming. An
   * auto-deleted exchange can vanish between its declaration and the binding (another group's last
   * queue just unbound): the broker then closes the channel with 404, and we declare again.
   */
  async attach(connection: ChannelModel): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attachOnce(connection);
      } catch (err) {
        if (attempt >= 3 || !/NOT[_-]FOUND - no exchange/i.test(errorMessage(err))) throw err;
      }
    }
  }

  private async attachOnce(connection: ChannelModel): Promise<void> {
    const { topic, queue, bindingKeys, settings, logger } = this.options;
    const channel = await connection.createChannel();
    channel.on('error', (err: unknown) => logger.warn('rabbitmq: subscription channel error', { topic, queue, error: errorMessage(err) }));
    try {
      await declareSubscriptionQueue(channel, topic, queue, bindingKeys, settings);
      if (settings.prefetchCount > 0) await channel.prefetch(settings.prefetchCount);
      const { consumerTag } = await channel.consume(queue, (delivery) => this.receive(channel, delivery), { noAck: settings.autoAck });
      if (this.stopped) {
        await channel.close().catch(() => undefined);
        return;
      }
      this.channel = channel;
      this.consumerTag = consumerTag;
      channel.once('close', () => this.onChannelClosed(channel));
    } catch (err) {
      await channel.close().catch(() => undefined);
      throw err;
    }
  }

  /** Stops consuming, waits for running handlers (at most `graceMs`), then closes the channel. */
  async stop(graceMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopping.abort();
    const { channel, consumerTag } = this;
    this.channel = undefined;
    if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
    await this.running.drain(graceMs);
    // Unacked deliveries (not started, or whose handler outlived the grace) go back to the queue here.
    if (channel) await channel.close().catch(() => undefined);
  }

  private receive(channel: Channel, delivery: ConsumeMessage | null): void {
    const { topic, queue, logger } = this.options;
    if (delivery === null) {
      // The broker cancelled the consumer (the queue was deleted): declare it again.
      logger.warn('rabbitmq: consumer cancelled by the broker; re-subscribing', { topic, queue });
      void channel.close().catch(() => undefined);
      return;
    }
    const work = (): Promise<void> => this.running.track(() => this.handle(channel, delivery));
    if (this.options.settings.concurrencyMode === ConcurrencyMode.Single) {
      this.chain = this.chain.then(() => (this.stopped ? undefined : work()));
    } else void work();
  }

  private async handle(channel: Channel, delivery: ConsumeMessage): Promise<void> {
    const { topic, queue, handler, handlerSignal, settings, logger } = this.options;
    let failure: unknown;
    let failed = false;
    try {
      await Promise.resolve().then(() => handler(toMessage(topic, delivery), handlerSignal));
    } catch (err) {
      failed = true;
      failure = err;
    }
    if (settings.autoAck) {
      if (failed) logger.warn('rabbitmq: handler failed on an auto-acked message; it is lost', { topic, queue, error: errorMessage(failure) });
      return;
    }
    try {
      if (failed) {
        channel.nack(delivery, false, settings.requeueInFailure);
        logger.debug('rabbitmq: handler failed; message nacked', { topic, queue, requeue: settings.requeueInFailure, error: errorMessage(failure) });
      } else channel.ack(delivery);
    } catch (err) {
      // The channel is gone: the broker has already put the message back in its queue.
      logger.warn('rabbitmq: could not settle a message; it will be redelivered', { topic, queue, error: errorMessage(err) });
    }
  }

  private onChannelClosed(channel: Channel): void {
    if (this.stopped || this.channel !== channel) return;
    this.channel = undefined;
    this.consumerTag = undefined;
    void this.reattach();
  }

  /** Re-attaches on the component's current connection until it works or the subscription stops. */
  private async reattach(): Promise<void> {
    const { topic, queue, settings, logger } = this.options;
    while (!this.stopped) {
      await sleep(Math.max(MinRetryMs, settings.reconnectWaitMs), this.stopping.signal);
      const connection = this.options.connection();
      if (this.stopped) return;
      if (!connection) continue;
      try {
        await this.attach(connection);
        logger.info('rabbitmq: subscription re-established', { topic, queue });
        return;
      } catch (err) {
        logger.warn('rabbitmq: re-subscribing failed; retrying', { topic, queue, error: errorMessage(err) });
      }
    }
  }
}
