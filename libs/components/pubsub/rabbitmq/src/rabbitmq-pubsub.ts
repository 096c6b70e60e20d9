import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { PubSubFeature, type MessageHandler, type PubSub, type PublishRequest, type SubscribeRequest } from '@dapr-ts/components-pubsub';
import { errorMessage, raceSignal, sleep } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { PublishMetadataKey, publishOptions } from './amqp-message';
import { connectRabbitMQ } from './rabbitmq-connection';
import { parseRabbitMQPubSubMetadata, type RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';
import { RabbitMQSubscription } from './rabbitmq-subscription';
import { declareExchange, queueNameOf } from './rabbitmq-topology';

/** Subscription metadata keys, spelled as in Dapr. */
const SubscribeMetadataKey = {
  ConsumerID: 'consumerID',
  /** Overrides the `<consumerID>-<topic>` queue name. */
  QueueName: 'queueName',
} as const;
/** How long close() waits for running handlers (their signal is aborted) before closing the connection. */
const CloseGraceMs = 2000;
/** "Until the handlers finish" for an unsubscribe (setTimeout's largest delay, about 24 days). */
const NoGraceLimitMs = 2_147_483_647;
/** Floor of the reconnect pause: `reconnectWait: 0` would otherwise spin against a down broker. */
const MinReconnectWaitMs = 100;

/** Constructor options of {@link RabbitMQPubSub}. */
export interface RabbitMQPubSubOptions {
  /** Component-scoped logger (the registry's factory passes one). Default: drops everything. */
  logger?: Logger;
}

/** The publishing channel of one connection and the exchanges already declared on it. */
interface Publisher {
  channel: Channel | ConfirmChannel;
  declared: Set<string>;
}

/**
 * `pubsub.rabbitmq`: pub/sub on RabbitMQ (AMQP 0-9-1), metadata as in Dapr's component.
 *
 * - **Topic** = an exchange named like the topic (`exchangeKind`, fanout by default), declared on
 *   first publish and on subscribe. **Publish** sends the payload as the body, `contentType` as the
 *   AMQP content type and the request metadata as string headers (`ttlInSeconds`, `priority`,
 *   `messageID`, `correlationID`, `type`, `routingKey` also set AMQP properties). With
 *   `publisherConfirm` (our default), publish() resolves once the broker confirmed the message.
 * - **Subscription** = queue `<consumerID>-<topic>` bound to the exchange; subscribers of one
 *   consumerID share it, each consumerID gets every message. See {@link RabbitMQSubscription} for
 *   ack, nack (requeue) and stopping.
 * - **Durability**: with `durable` and `deletedWhenUnused: false`, a queue outlives its consumers,
 *   so messages unacked when the component closes or the process dies are delivered to the next
 *   consumer of the group. Auto-delete queues (Dapr's default) vanish with their last consumer.
 * - **Connection loss**: reconnects every `reconnectWait`; subscriptions re-attach themselves.
 *   publish() and subscribe() reject while disconnected.
 * - **close()** stops subscriptions, aborts the handlers' signal, waits up to 2 s for running
 *   handlers, then closes the connection; unacked messages go back to their queues.
 */
export class RabbitMQPubSub implements PubSub {
  private readonly logger: Logger;
  private settings: RabbitMQPubSubMetadata | undefined;
  private connection: ChannelModel | undefined;
  private publisher: Promise<Publisher> | undefined;
  private readonly subscriptions = new Set<RabbitMQSubscription>();
  /** Aborted by close(): the signal every handler receives, and the end of reconnecting. */
  private lifetime = new AbortController();

  constructor(options: RabbitMQPubSubOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Parses the metadata and connects; rejects naming RabbitMQ and the target when it cannot be reached. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = parseRabbitMQPubSubMetadata(metadata.properties);
    if (!settings.requeueInFailure && !settings.enableDeadLetter && !settings.autoAck) {
      this.logger.warn('rabbitmq: requeueInFailure is false without enableDeadLetter: messages whose handler fails are dropped');
    }
    this.lifetime = new AbortController();
    this.settings = settings;
    this.adopt(await connectRabbitMQ(settings, signal));
  }

  /** MESSAGE_TTL: the broker expires messages itself (per message `ttlInSeconds`, per queue `ttlInSeconds`). */
  features(): readonly PubSubFeature[] {
    return [PubSubFeature.MessageTTL];
  }

  /** Publishes to the topic's exchange; with `publisherConfirm`, resolves once the broker confirmed. */
  async publish(request: PublishRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = this.open();
    const { routingKey, options } = publishOptions(request.metadata, request.contentType, settings.deliveryMode);
    const publisher = await raceSignal(this.currentPublisher(), signal);
    if (!publisher.declared.has(request.topic)) {
      await raceSignal(declareExchange(publisher.channel, request.topic, settings), signal);
      publisher.declared.add(request.topic);
    }
    const content = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    const sent = new Promise<void>((resolve, reject) => {
      if (settings.publisherConfirm) {
        // The callback gets an error when the broker nacks or the channel closes before confirming.
        (publisher.channel as ConfirmChannel).publish(request.topic, routingKey, content, options, (err: unknown) => (err ? reject(new Error(`pubsub.rabbitmq: publish to ${request.topic} not confirmed: ${errorMessage(err)}`)) : resolve()));
      } else if (publisher.channel.publish(request.topic, routingKey, content, options)) resolve();
      else publisher.channel.once('drain', () => resolve());
    });
    await raceSignal(sent, signal);
  }

  /**
   * Declares the group's queue, binds it and starts consuming on a channel of its own. The group is
   * the request's `consumerID`, else the component's; the queue is `<consumerID>-<topic>` unless the
   * request names a `queueName`. Rejects with a MetadataError when no consumerID is set anywhere.
   */
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = this.open();
    const md = new MetadataReader(request.metadata);
    const consumerID = md.raw(SubscribeMetadataKey.ConsumerID) ?? settings.consumerID;
    if (consumerID === undefined) throw new MetadataError(SubscribeMetadataKey.ConsumerID, 'is required: set it on the component or the subscription');
    const queue = md.raw(SubscribeMetadataKey.QueueName) ?? queueNameOf(consumerID, request.topic);
    const bindingKeys = md.string(PublishMetadataKey.RoutingKey, '').split(',').map((key) => key.trim());
    const subscription = new RabbitMQSubscription({
      topic: request.topic,
      queue,
      bindingKeys,
      handler,
      handlerSignal: this.lifetime.signal,
      settings,
      connection: () => this.connection,
      logger: this.logger,
    });
    const connection = this.connection;
    if (!connection) throw new Error(`pubsub.rabbitmq: not connected to RabbitMQ at ${settings.target} (reconnecting)`);
    try {
      await raceSignal(subscription.attach(connection), signal);
    } catch (err) {
      void subscription.stop(0);
      throw err;
    }
    this.subscriptions.add(subscription);
    signal.addEventListener(
      'abort',
      () => {
        this.subscriptions.delete(subscription);
        void subscription.stop(NoGraceLimitMs);
      },
      { once: true },
    );
    this.logger.debug('rabbitmq: subscribed', { topic: request.topic, queue });
  }

  /** Stops every subscription and closes the connection (see the class comment). Safe to call twice. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.settings = undefined;
    this.publisher = undefined;
    this.lifetime.abort(new Error('pubsub.rabbitmq closed'));
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop(CloseGraceMs)));
    this.subscriptions.clear();
    await connection?.close().catch(() => undefined);
  }

  private open(): RabbitMQPubSubMetadata {
    if (!this.settings) throw new Error('pubsub.rabbitmq is not initialised or is closed');
    return this.settings;
  }

  /** Takes `connection` as the current one and reconnects when it drops. */
  private adopt(connection: ChannelModel): void {
    this.connection = connection;
    this.publisher = undefined;
    connection.on('error', (err: unknown) => this.logger.warn('rabbitmq: connection error', { error: errorMessage(err) }));
    connection.once('close', () => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      this.publisher = undefined;
      if (!this.lifetime.signal.aborted) void this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    const lifetime = this.lifetime.signal;
    while (!lifetime.aborted && this.settings) {
      const settings = this.settings;
      this.logger.warn('rabbitmq: connection lost; reconnecting', { target: settings.target, reconnectWaitMs: settings.reconnectWaitMs });
      await sleep(Math.max(MinReconnectWaitMs, settings.reconnectWaitMs), lifetime);
      if (lifetime.aborted) return;
      try {
        const connection = await connectRabbitMQ(settings, lifetime);
        if (lifetime.aborted) {
          await connection.close().catch(() => undefined);
          return;
        }
        this.adopt(connection);
        this.logger.info('rabbitmq: reconnected', { target: settings.target });
        return;
      } catch (err) {
        this.logger.warn('rabbitmq: reconnecting failed', { target: settings.target, error: errorMessage(err) });
      }
    }
  }

  /** The current connection's publishing channel, opened on first use and again after it closed (e.g. after a channel error). */
  private currentPublisher(): Promise<Publisher> {
    const connection = this.connection;
    const settings = this.open();
    if (!connection) return Promise.reject(new Error(`pubsub.rabbitmq: not connected to RabbitMQ at ${settings.target} (reconnecting)`));
    if (this.publisher) return this.publisher;
    const opening = (async (): Promise<Publisher> => {
      const channel = settings.publisherConfirm ? await connection.createConfirmChannel() : await connection.createChannel();
      channel.on('error', (err: unknown) => this.logger.warn('rabbitmq: publishing channel error', { error: errorMessage(err) }));
      channel.once('close', () => {
        if (this.publisher === opening) this.publisher = undefined;
      });
      return { channel, declared: new Set() };
    })();
    this.publisher = opening;
    opening.catch(() => {
      if (this.publisher === opening) this.publisher = undefined;
    });
    return opening;
  }
}
