import type { Message, MessageHandler } from '@dapr-ts/components-pubsub';
import { errorMessage, raceSignal, sleep } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { connectMqtt, disconnectMqtt, SessionStore } from './mqtt-connection';
import type { Mqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';

/** First pause before reconnecting to get nacked messages back; doubles per round without an ack. */
const FirstRedeliveryDelayMs = 500;
const MaxRedeliveryDelayMs = 30_000;
/** Pauses between attempts to reconnect a lost connection: 250 ms doubling up to 10 s. */
const FirstReconnectDelayMs = 250;
const MaxReconnectDelayMs = 10_000;
/** SUBACK return code of a refused subscription. */
const SubscriptionRefused = 128;

/** What the handler's outcome asks of the broker. */
type Outcome = 'ack' | 'nack';

/** What a {@link MqttTopicSession} needs. */
export interface MqttTopicSessionOptions {
  /** The topic filter (wildcards and `$share/<group>/` allowed). */
  topic: string;
  clientId: string;
  settings: Mqtt3PubSubMetadata;
  /** Passed to every handler; aborts when the component closes. */
  handlerSignal: AbortSignal;
  logger: Logger;
}

/**
 * The durable MQTT session of one consumer group on one topic filter: one connection (its own
 * client id) carrying one subscription, and the handlers of that group in this process.
 *
 * - **Delivery**: mqtt.js hands over one message at a time and sends its PUBACK (PUBCOMP for QoS
 *   2) only once our `handleMessage` hook returns, so handlers of one session run one after the
 *   other, in arrival order, taking turns between this process's subscribers of the group.
 * - **Ack** = the handler resolved. **Nack**: the handler is first retried in place
 *   `backOffMaxRetries` times, `backOffDuration` apart (-1: until it succeeds). Then the message
 *   stays unacknowledged. MQTT 3 redelivers unacknowledged messages only when a session
 *   reconnects, so the session reconnects after a pause (500 ms, doubling per round that brings
 *   no ack, up to 30 s): every message still unacked comes back once per round, and a poison
 *   message costs one delivery per 30 s instead of a hot loop. Meanwhile later messages go on.
 * - **cleanSession true**: the broker forgets unacked messages on reconnect, so after the
 *   in-place retries a failed message is acknowledged and dropped (logged as an error); set
 *   `backOffMaxRetries: -1` to keep at-least-once. QoS 0 has no acks: failures are dropped.
 * - **Lost connection**: reconnects (250 ms doubling up to 10 s) once the running handler has
 *   finished; with the session resumed, the broker resends what was unacked and what it queued.
 * - **stop()**: no new delivery starts (later messages stay with the broker); the running
 *   handler finishes and acks or nacks; then DISCONNECT. The session and its subscription stay
 *   on the broker (unless cleanSession), so messages published meanwhile wait for the group.
 */
export class MqttTopicSession {
  private readonly options: MqttTopicSessionOptions;
  private readonly handlers: MessageHandler[] = [];
  private turn = 0;
  /** Outlives connections: QoS 2 messages received but not yet released belong to the session. */
  private readonly store = new SessionStore();
  private client: MqttClient | undefined;
  /** The running delivery; handlers of one session never overlap. */
  private delivery: Promise<void> = Promise.resolve();
  /** SUBSCRIBE was acknowledged in this process (a resumed session keeps it afterwards). */
  private subscribed = false;
  private draining = false;
  private reconnecting = false;
  private stopped = false;
  private redeliveryTimer: NodeJS.Timeout | undefined;
  /** Redelivery rounds since the last ack, for the round's pause. */
  private rounds = 0;
  private readonly stopping = new AbortController();
  private finished: Promise<void> | undefined;

  constructor(options: MqttTopicSessionOptions) {
    this.options = options;
  }

  /** Connects and subscribes; rejects naming the broker, or the topic when the broker refuses it. */
  async start(signal: AbortSignal): Promise<void> {
    await this.open(signal);
  }

  addHandler(handler: MessageHandler): void {
    this.handlers.push(handler);
  }

  /** Removes one handler; returns how many remain. */
  removeHandler(handler: MessageHandler): number {
    const index = this.handlers.indexOf(handler);
    if (index >= 0) this.handlers.splice(index, 1);
    return this.handlers.length;
  }

  /** See the class comment. Resolves once disconnected; safe to call twice. */
  stop(): Promise<void> {
    if (this.finished) return this.finished;
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.redeliveryTimer);
    this.finished = (async () => {
      await this.delivery;
      const client = this.client;
      this.client = undefined;
      if (client) await disconnectMqtt(client);
    })();
    return this.finished;
  }

  /** Drops the connection at once (after stop() ran out of time): unacked messages stay with the broker. */
  kill(): void {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.redeliveryTimer);
    this.client?.stream?.destroy();
    this.client = undefined;
  }

  /**
   * Connects and, unless the broker resumed a session already subscribed in this process,
   * subscribes. On failure nothing is left behind: the connection is dropped and not current.
   */
  private async open(signal: AbortSignal): Promise<void> {
    const { topic, clientId, settings, logger } = this.options;
    let established = false;
    let current: MqttClient | undefined;
    const fail = (err: unknown): never => {
      if (current && this.client === current) this.client = undefined;
      current?.end(true);
      throw err;
    };
    const opened = await connectMqtt(settings, { clientId, clean: settings.cleanSession, reconnectPeriodMs: 0, incomingStore: this.store }, signal, (created) => {
      // Current from the first packet on, so that what a resumed session resends right after CONNACK reaches the handlers.
      current = created;
      this.client = created;
      created.handleMessage = (packet, done) => this.onPublish(created, packet, done);
      created.on('error', (err: unknown) => logger.debug('mqtt3: connection error', { topic, clientId, error: errorMessage(err) }));
      created.once('close', () => {
        if (established) this.onClose(created);
      });
    }).catch(fail);
    const { client, sessionPresent } = opened;
    try {
      if (!client.connected) throw new Error(`pubsub.mqtt3: the connection to ${settings.target} closed right after CONNACK`);
      established = true;
      if (!sessionPresent) {
        const granted = await raceSignal(client.subscribeAsync(topic, { qos: settings.qos }), signal);
        if (granted.some((grant) => grant.qos === SubscriptionRefused)) throw new Error(`pubsub.mqtt3: the broker at ${settings.target} refused the subscription to ${topic}`);
        this.subscribed = true;
      } else if (!this.subscribed) {
        // A resumed session holds the subscription already (its client id is this filter's), and
        // the SUBACK would queue behind everything the broker kept: not awaited, or start-up would
        // wait for the whole backlog to be handled. Later reconnects do not subscribe again, which
        // would resend retained messages every time.
        this.subscribed = true;
        client.subscribe(topic, { qos: settings.qos }, (err, granted) => {
          if (err || granted?.some((grant) => grant.qos === SubscriptionRefused)) logger.warn('mqtt3: subscribing on a resumed session failed', { topic, clientId, error: err ? errorMessage(err) : 'refused by the broker' });
        });
      }
    } catch (err) {
      established = false;
      fail(err);
    }
    if (this.stopped && this.client === client) {
      this.client = undefined;
      await disconnectMqtt(client);
    }
  }

  /** mqtt.js's per-message hook: `done()` sends the ack, `done(error)` moves on without one. */
  private onPublish(client: MqttClient, packet: IPublishPacket, done: (error?: Error) => void): void {
    const handler = this.handlers[this.turn++ % Math.max(1, this.handlers.length)];
    if (client !== this.client || this.draining || this.stopped || !handler) {
      // Left unacknowledged: the broker keeps it for the session's next connection.
      done(new Error('pubsub.mqtt3: not delivered while the session closes'));
      return;
    }
    this.delivery = this.deliver(handler, packet).then((outcome) => {
      if (outcome === 'ack') {
        this.rounds = 0;
        done();
        return;
      }
      done(new Error('pubsub.mqtt3: nacked'));
      this.scheduleRedelivery();
    });
  }

  /** Runs the handler with the in-place retries; says whether to ack (also when the message is dropped). */
  private async deliver(handler: MessageHandler, packet: IPublishPacket): Promise<Outcome> {
    const { topic, settings, handlerSignal, logger } = this.options;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const message: Message = { topic: packet.topic, data: payload, metadata: { retained: String(packet.retain) } };
    let failure: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        // A microtask: a synchronous throw is a nack too.
        await Promise.resolve().then(() => handler(message, handlerSignal));
        return 'ack';
      } catch (err) {
        failure = err;
      }
      const retriesLeft = settings.backOffMaxRetries === -1 || attempt < settings.backOffMaxRetries;
      if (this.stopped || !retriesLeft) break;
      logger.debug('mqtt3: handler failed; retrying in place', { topic, attempt: attempt + 1, error: errorMessage(failure) });
      await sleep(settings.backOffDurationMs, this.stopping.signal);
      if (this.stopped) break;
    }
    if (packet.qos === 0) {
      logger.warn('mqtt3: handler failed on a QoS 0 message; it is lost', { topic, error: errorMessage(failure) });
      return 'ack';
    }
    if (settings.cleanSession && !this.stopped) {
      logger.error('mqtt3: handler failed; message dropped (with cleanSession the broker cannot redeliver it)', { topic, retries: settings.backOffMaxRetries, error: errorMessage(failure) });
      return 'ack';
    }
    logger.debug('mqtt3: handler failed; message left unacknowledged for redelivery', { topic, error: errorMessage(failure) });
    return 'nack';
  }

  private scheduleRedelivery(): void {
    if (this.redeliveryTimer || this.stopped) return;
    const delay = Math.min(MaxRedeliveryDelayMs, FirstRedeliveryDelayMs * 2 ** this.rounds);
    this.rounds += 1;
    this.redeliveryTimer = setTimeout(() => {
      this.redeliveryTimer = undefined;
      void this.reconnectForRedelivery();
    }, delay);
  }

  /** Closes the connection once the running handler is done, then reconnects: the broker resends unacked messages. */
  private async reconnectForRedelivery(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped || this.reconnecting) return;
    this.draining = true;
    await this.delivery;
    if (this.client === client) {
      this.client = undefined;
      await disconnectMqtt(client);
    }
    this.draining = false;
    await this.reconnect(0);
  }

  private onClose(client: MqttClient): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.options.logger.warn('mqtt3: connection lost; reconnecting', { topic: this.options.topic, clientId: this.options.clientId });
    void this.reconnect(FirstReconnectDelayMs);
  }

  private async reconnect(firstDelayMs: number): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    const { topic, clientId, logger } = this.options;
    try {
      for (let attempt = 0; !this.stopped; attempt++) {
        await this.delivery;
        const delay = attempt === 0 ? firstDelayMs : Math.min(MaxReconnectDelayMs, FirstReconnectDelayMs * 2 ** attempt);
        await sleep(delay, this.stopping.signal);
        if (this.stopped) return;
        try {
          await this.open(this.stopping.signal);
          logger.debug('mqtt3: session connected', { topic, clientId });
          return;
        } catch (err) {
          if (!this.stopped) logger.warn('mqtt3: reconnecting failed; retrying', { topic, clientId, error: errorMessage(err) });
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
