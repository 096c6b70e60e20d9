import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { PubSubFeature, type MessageHandler, type PubSub, type PublishRequest, type SubscribeRequest } from '@dapr-ts/components-pubsub';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { errorMessage, raceSignal } from '@dapr-ts/kit';
import type { MqttClient } from 'mqtt';
import { publisherClientId, subscriptionClientId } from './client-ids';
import { connectMqtt, disconnectMqtt } from './mqtt-connection';
import { MqttTopicSession } from './mqtt-topic-session';
import { parseMqtt3PubSubMetadata, type Mqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';

/** Request metadata keys, spelled as in Dapr. */
const MetadataKey = {
  /** Consumer group of one subscription (the component's `consumerID` otherwise). */
  ConsumerID: 'consumerID',
  /** Overrides the component's `retain` for one publish. */
  Retain: 'retain',
} as const;
/** How long close() waits for running handlers (their signal is aborted) before dropping the connections. */
const CloseGraceMs = 2000;
/** The publishing connection reconnects by itself this often while the broker is unreachable. */
const PublisherReconnectMs = 1000;

/** Constructor options of {@link Mqtt3PubSub}. */
export interface Mqtt3PubSubOptions {
  /** Component-scoped logger (the registry's factory passes one). Default: drops everything. */
  logger?: Logger;
}

/** A session being opened or open, shared by the subscriptions of one group on one topic filter. */
interface SessionEntry {
  session: MqttTopicSession;
  ready: Promise<void>;
}

/**
 * `pubsub.mqtt3`: pub/sub on an MQTT 3.1.1 broker, metadata as in Dapr's component.
 *
 * - **Publish** on a connection of its own (clean session, random client id), at `qos` with
 *   `retain`; resolves once the broker acknowledged (PUBACK / PUBCOMP; at once for QoS 0).
 *   Rejects while that connection is down (it reconnects every second).
 * - **Subscribe**: the group is the request's `consumerID`, else the component's (the runtime
 *   sets the app id). Each group × topic filter gets its own durable session (client id
 *   `<consumerID>-<hash of the filter>`; Dapr uses one client id = consumerID for everything);
 *   see {@link MqttTopicSession} for ack, nack and reconnects. Each group gets every message;
 *   subscribers of one group in this process take turns. MQTT 3 has no groups across
 *   connections: two sidecars with the same consumerID would take the session from each other,
 *   so replicas need distinct ids (`{uuid}`, as Dapr's docs advise).
 * - **Wildcards** `+` and `#` (and `$share/<group>/...` where the broker has it) pass through;
 *   a message's `topic` is the one it was published to; its metadata is `retained`.
 * - **close()** stops every session (running handlers get 2 s, their signal aborted), leaving
 *   durable sessions on the broker, and disconnects.
 */
export class Mqtt3PubSub implements PubSub {
  private readonly logger: Logger;
  private settings: Mqtt3PubSubMetadata | undefined;
  private publisher: MqttClient | undefined;
  private readonly sessions = new Map<string, SessionEntry>();
  /** Aborted by close(): the signal every handler receives. */
  private lifetime = new AbortController();

  constructor(options: Mqtt3PubSubOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Parses the metadata and connects the publisher; rejects naming the broker when it cannot be reached. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const settings = parseMqtt3PubSubMetadata(metadata.properties);
    const { client } = await connectMqtt(settings, { clientId: publisherClientId(settings.consumerID), clean: true, reconnectPeriodMs: PublisherReconnectMs }, signal);
    client.on('offline', () => this.logger.warn('mqtt3: publishing connection lost; reconnecting', { url: settings.target }));
    client.on('error', (err: unknown) => this.logger.debug('mqtt3: publishing connection error', { error: errorMessage(err) }));
    this.lifetime = new AbortController();
    this.settings = settings;
    this.publisher = client;
  }

  /** SUBSCRIBE_WILDCARDS: MQTT topic filters (`+`, `#`) are expanded by the broker. */
  features(): readonly PubSubFeature[] {
    return [PubSubFeature.SubscribeWildcards];
  }

  /** Publishes at the component's QoS; resolves once the broker acknowledged. */
  async publish(request: PublishRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { settings, publisher } = this.open();
    const retain = new MetadataReader(request.metadata).bool(MetadataKey.Retain, settings.retain);
    // The broker would drop the connection over it, and mqtt.js would resend it on every reconnect.
    if (request.topic === '' || /[+#\u0000]/.test(request.topic)) throw new Error(`pubsub.mqtt3: cannot publish to "${request.topic}": a topic name must be non-empty and hold no wildcard (+, #)`);
    if (!publisher.connected) throw new Error(`pubsub.mqtt3: not connected to the MQTT broker at ${settings.target} (reconnecting)`);
    const payload = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    try {
      await raceSignal(publisher.publishAsync(request.topic, payload, { qos: settings.qos, retain }), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new Error(`pubsub.mqtt3: publish to ${request.topic} failed: ${errorMessage(err)}`, { cause: err });
    }
  }

  /**
   * Joins (or opens) the durable session of the group and topic filter. Rejects with a
   * MetadataError when no consumerID is set anywhere, and naming the broker when it cannot connect.
   */
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { settings } = this.open();
    const consumerID = new MetadataReader(request.metadata).raw(MetadataKey.ConsumerID) ?? settings.consumerID;
    if (consumerID === undefined) throw new MetadataError(MetadataKey.ConsumerID, 'is required: set it on the component or the subscription');
    const clientId = subscriptionClientId(consumerID, request.topic);
    let entry = this.sessions.get(clientId);
    if (!entry) {
      const session = new MqttTopicSession({ topic: request.topic, clientId, settings, handlerSignal: this.lifetime.signal, logger: this.logger });
      // The handler goes in first: a resumed session delivers what it kept right after CONNACK.
      session.addHandler(handler);
      const created: SessionEntry = { session, ready: session.start(signal) };
      entry = created;
      this.sessions.set(clientId, created);
    } else entry.session.addHandler(handler);
    const { session, ready } = entry;
    const leave = (): void => {
      if (session.removeHandler(handler) > 0) return;
      if (this.sessions.get(clientId) === entry) this.sessions.delete(clientId);
      void session.stop();
    };
    try {
      await ready;
    } catch (err) {
      leave();
      throw err;
    }
    signal.addEventListener('abort', leave, { once: true });
    this.logger.debug('mqtt3: subscribed', { topic: request.topic, consumerID, clientId });
  }

  /** Stops every session and disconnects (see the class comment). Safe to call twice. */
  async close(): Promise<void> {
    const publisher = this.publisher;
    this.publisher = undefined;
    this.settings = undefined;
    this.lifetime.abort(new Error('pubsub.mqtt3 closed'));
    const sessions = [...this.sessions.values()].map(({ session }) => session);
    this.sessions.clear();
    const stopped = Promise.all(sessions.map((session) => session.stop()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, CloseGraceMs)))]);
    clearTimeout(timer);
    for (const session of sessions) session.kill();
    if (publisher) await disconnectMqtt(publisher);
  }

  private open(): { settings: Mqtt3PubSubMetadata; publisher: MqttClient } {
    if (!this.settings || !this.publisher) throw new Error('pubsub.mqtt3 is not initialised or is closed');
    return { settings: this.settings, publisher: this.publisher };
  }
}
