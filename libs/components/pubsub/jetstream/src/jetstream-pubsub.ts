import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import type { MessageHandler, PubSub, PubSubFeature, PublishRequest, SubscribeRequest } from '@dapr-ts/components-pubsub';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { errorMessage, raceSignal } from '@dapr-ts/kit';
import type { JetStreamClient, JetStreamManager, JetStreamPublishOptions, NatsConnection } from 'nats';
import { durableNameFor, ensureConsumer, streamFor } from './jetstream-consumer';
import { cloudEventId, publishHeaders } from './jetstream-message';
import { parseJetStreamPubSubMetadata, type JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';
import { JetStreamSubscription } from './jetstream-subscription';
import { connectNats, jetStreamOptions, natsErrorCode } from './nats-connection';

/** Subscription metadata key naming the consumer group, spelled as in Dapr. */
const ConsumerIdKey = 'consumerID';
/** How long close() waits for running handlers (their signal is aborted) before closing the connection. */
const CloseGraceMs = 2000;

/** Constructor options of {@link JetStreamPubSub}. */
export interface JetStreamPubSubOptions {
  /** Component-scoped logger (the registry's factory passes one). Default: drops everything. */
  logger?: Logger;
}

/** The open connection and its JetStream contexts. */
interface Connected {
  settings: JetStreamPubSubMetadata;
  connection: NatsConnection;
  manager: JetStreamManager;
  client: JetStreamClient;
}

/**
 * `pubsub.jetstream`: pub/sub on NATS JetStream, metadata as in Dapr's component.
 *
 * - **Streams are the operator's**, as in Dapr: publishing to a subject no stream captures fails
 *   (naming the subject), and so does subscribing. `streamName` pins the stream.
 * - **Publish** waits for the stream's ack. The payload travels as is; the content type and the
 *   request metadata travel as headers; a CloudEvent's `id` becomes `Nats-Msg-Id`, so the stream
 *   drops a re-sent duplicate (as Dapr does).
 * - **Subscribe** binds a durable push consumer: `durableName` when set (Dapr: one name for every
 *   topic, so one topic per component), else `<consumerID>-<topic>` (the group is the request's
 *   `consumerID`, else the component's, i.e. the app id). Its deliver group is `queueGroupName`,
 *   else the durable name: sidecars of one group share the messages, each group gets them all,
 *   and messages published while none listens wait in the consumer. See
 *   {@link JetStreamSubscription} for ack, nak with delay, and unsubscribing. Dapr creates an
 *   ephemeral consumer when `durableName` is unset; ours is durable so nothing is lost across restarts.
 * - **Reconnects** are nats.js's: forever, every second; subscriptions resume.
 * - **close()** stops subscriptions (running handlers get 2 s, their signal aborted), then drains
 *   the connection; unacked messages return after the consumer's ack wait.
 */
export class JetStreamPubSub implements PubSub {
  private readonly logger: Logger;
  private connected: Connected | undefined;
  private readonly subscriptions = new Set<JetStreamSubscription>();
  /** Aborted by close(): the signal every handler receives. */
  private lifetime = new AbortController();

  constructor(options: JetStreamPubSubOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Parses the metadata, connects and checks JetStream; rejects naming NATS and the URL when either fails. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = parseJetStreamPubSubMetadata(metadata.properties);
    const { connection, manager } = await connectNats(settings, this.logger, signal);
    this.lifetime = new AbortController();
    this.connected = { settings, connection, manager, client: connection.jetstream(jetStreamOptions(settings)) };
  }

  /** None: no native bulk publish, TTL or wildcards (Dapr's component declares none either). */
  features(): readonly PubSubFeature[] {
    return [];
  }

  /** Publishes to the subject named like the topic; resolves once the stream stored the message. */
  async publish(request: PublishRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { settings, client } = this.open();
    const hdrs = publishHeaders(request.contentType, request.metadata);
    const msgID = cloudEventId(request.data);
    const options: Partial<JetStreamPublishOptions> = {
      ...(hdrs === undefined ? {} : { headers: hdrs }),
      ...(msgID === undefined ? {} : { msgID }),
      ...(settings.streamName === undefined ? {} : { expect: { streamName: settings.streamName } }),
    };
    try {
      await raceSignal(client.publish(request.topic, request.data, options), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      if (natsErrorCode(err) === '503') {
        throw new Error(`pubsub.jetstream: no JetStream stream captures subject ${request.topic} on NATS at ${settings.target}; create one (e.g. nats stream add <name> --subjects "${request.topic}")`, { cause: err });
      }
      throw new Error(`pubsub.jetstream: publish to ${request.topic} failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  /**
   * Finds the stream, creates or updates the durable consumer and binds to it. Rejects with a
   * MetadataError when no consumerID is set anywhere, naming the subject when no stream captures it.
   */
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { settings, manager, client } = this.open();
    const consumerID = new MetadataReader(request.metadata).raw(ConsumerIdKey) ?? settings.consumerID;
    if (consumerID === undefined && settings.durableName === undefined) throw new MetadataError(ConsumerIdKey, 'is required: set it on the component or the subscription');
    const durable = settings.durableName ?? durableNameFor(consumerID ?? '', request.topic);
    const stream = await raceSignal(streamFor(manager, settings, request.topic), signal);
    const consumer = await raceSignal(ensureConsumer(manager, settings, stream, request.topic, durable), signal);
    const subscription = new JetStreamSubscription({ topic: request.topic, stream, consumer, client, handler, handlerSignal: this.lifetime.signal, settings, logger: this.logger });
    try {
      await raceSignal(subscription.start(), signal);
    } catch (err) {
      void subscription.stop();
      if (signal.aborted) throw err;
      throw new Error(`pubsub.jetstream: cannot bind to consumer ${durable} of stream ${stream}: ${errorMessage(err)}`, { cause: err });
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
    this.logger.debug('jetstream: subscribed', { topic: request.topic, stream, consumer: durable });
  }

  /** Stops every subscription and drains the connection (see the class comment). Safe to call twice. */
  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    this.lifetime.abort(new Error('pubsub.jetstream closed'));
    const subscriptions = [...this.subscriptions];
    this.subscriptions.clear();
    const stopped = Promise.all(subscriptions.map((subscription) => subscription.stop()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, CloseGraceMs)))]);
    clearTimeout(timer);
    for (const subscription of subscriptions) subscription.kill();
    if (!connected) return;
    // drain() sends what is buffered (the last acks) before closing; close() when the server is gone.
    await raceSignal(connected.connection.drain(), AbortSignal.timeout(CloseGraceMs)).catch(() => connected.connection.close());
  }

  private open(): Connected {
    if (!this.connected) throw new Error('pubsub.jetstream is not initialised or is closed');
    return this.connected;
  }
}
