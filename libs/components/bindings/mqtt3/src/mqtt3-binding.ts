import type { IPublishPacket, MqttClient } from 'mqtt';
import { BindingOperation, BindingRequestError, type BindingEventHandler, type InputBinding, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import type { ComponentMetadata } from '@dapr-ts/components-common';
import { errorMessage, raceSignal, sleep } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { connectMqtt, disconnectMqtt } from './mqtt-client';
import { parseMqtt3BindingMetadata, type Mqtt3BindingMetadata } from './mqtt3-binding-metadata';

/** Options for {@link Mqtt3Binding}. */
export interface Mqtt3BindingOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** Request metadata of `create`, and the event metadata key naming a message's topic. */
export const Mqtt3MetadataKey = { Topic: 'topic', Retain: 'retain' } as const;

const Operations: readonly string[] = [BindingOperation.Create];
/** Pauses between in-place retries of a failed delivery: 100 ms doubling up to 5 s. */
const FirstRetryDelayMs = 100;
const MaxRetryDelayMs = 5000;

/**
 * `bindings.mqtt3`: MQTT 3.1.1 (contrib bindings/mqtt3), one client per direction, with client ids
 * `<consumerID>-producer` and `<consumerID>-consumer`.
 *
 * - Output `create` publishes the data to `topic` (request metadata `topic` overrides it) with the
 *   component's `qos` and `retain` (request metadata `retain` overrides that).
 * - Input subscribes to `topic` and hands each message to the app. The PUBACK is sent only after
 *   the app accepted it (mqtt.js `handleMessage` hook), so messages reach the app one at a time, in
 *   order. A failed delivery is retried in place `backOffMaxRetries` times (-1: until it
 *   succeeds); then, unless `cleanSession` is on or the message has QoS 0, it stays unacked and the
 *   consumer reconnects, so the broker delivers it again (at least once). With `cleanSession` the
 *   broker would forget it: it is acked and dropped, logged as an error.
 */
export class Mqtt3Binding implements InputBinding, OutputBinding {
  private readonly logger: Logger;
  private md: Mqtt3BindingMetadata | undefined;
  private producer: MqttClient | undefined;
  private consumer: MqttClient | undefined;
  private lifetime = new AbortController();

  constructor(options: Mqtt3BindingOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /** Decodes metadata (MetadataError naming the field) and connects the producer; fails naming the broker. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    const md = parseMqtt3BindingMetadata(metadata.properties);
    await this.close();
    this.md = md;
    this.lifetime = new AbortController();
    this.producer = await connectMqtt(md, `${md.consumerID}-producer`, signal);
    this.logger.info('bindings.mqtt3: connected', { address: md.target, topic: md.topic });
  }

  operations(): readonly string[] {
    return Operations;
  }

  /** Publishes; resolves once the broker acknowledged it (QoS 1 and 2) or it was written (QoS 0). */
  async invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    signal.throwIfAborted();
    if (request.operation !== BindingOperation.Create) throw new BindingRequestError(`invalid operation type: ${request.operation}`);
    const md = this.metadata();
    const producer = this.producer;
    if (!producer) throw new Error('bindings.mqtt3: closed');
    const topic = request.metadata[Mqtt3MetadataKey.Topic] || md.topic;
    const retain = parseRetain(request.metadata[Mqtt3MetadataKey.Retain], md.retain);
    const payload = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
    try {
      await raceSignal(producer.publishAsync(topic, payload, { qos: md.qos, retain }), signal);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new Error(`bindings.mqtt3: publishing to ${topic} at ${md.target} failed: ${errorMessage(err)}`, { cause: err });
    }
    return {};
  }

  /** Connects the consumer and subscribes; stops when `signal` aborts, after the message in flight. */
  async read(handler: BindingEventHandler, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = this.metadata();
    if (this.consumer) throw new Error('bindings.mqtt3: already reading');
    const client = await connectMqtt(md, `${md.consumerID}-consumer`, signal, (created) => {
      created.handleMessage = (packet, done) => void this.deliver(created, packet, done, handler, signal);
    });
    this.consumer = client;
    client.on('error', (err: unknown) => this.logger.debug('bindings.mqtt3: consumer connection error', { error: errorMessage(err) }));
    try {
      const granted = await raceSignal(client.subscribeAsync(md.topic, { qos: md.qos }), signal);
      if (granted.some((grant) => grant.qos === 128)) throw new Error(`the broker refused the subscription to ${md.topic}`);
    } catch (err) {
      this.consumer = undefined;
      await disconnectMqtt(client);
      if (signal.aborted) throw signal.reason;
      throw new Error(`bindings.mqtt3: cannot subscribe to ${md.topic} at ${md.target}: ${errorMessage(err)}`, { cause: err });
    }
    signal.addEventListener(
      'abort',
      () => {
        if (this.consumer !== client) return;
        this.consumer = undefined;
        void disconnectMqtt(client);
      },
      { once: true },
    );
  }

  /** Disconnects both clients. Idempotent; a later `init` reconnects. */
  async close(): Promise<void> {
    this.lifetime.abort();
    const clients = [this.producer, this.consumer].filter((client): client is MqttClient => client !== undefined);
    this.producer = undefined;
    this.consumer = undefined;
    await Promise.all(clients.map(disconnectMqtt));
  }

  private metadata(): Mqtt3BindingMetadata {
    if (!this.md) throw new Error('bindings.mqtt3: not initialized');
    return this.md;
  }

  /** One message: the app's success acks it (`done`); see the class comment for failures. */
  private async deliver(client: MqttClient, packet: IPublishPacket, done: (err?: Error) => void, handler: BindingEventHandler, signal: AbortSignal): Promise<void> {
    const md = this.metadata();
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const event = { data: payload, metadata: { [Mqtt3MetadataKey.Topic]: packet.topic } };
    let delay = FirstRetryDelayMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(event, signal);
        done();
        return;
      } catch (err) {
        const stopping = signal.aborted || this.lifetime.signal.aborted;
        if (stopping || (md.backOffMaxRetries !== -1 && attempt >= md.backOffMaxRetries)) {
          this.failed(client, packet, done, err, stopping);
          return;
        }
        await sleep(delay, this.lifetime.signal).catch(() => undefined);
        delay = Math.min(delay * 2, MaxRetryDelayMs);
      }
    }
  }

  private failed(client: MqttClient, packet: IPublishPacket, done: (err?: Error) => void, err: unknown, stopping: boolean): void {
    const md = this.metadata();
    if (packet.qos === 0 || md.cleanSession) {
      this.logger.error('bindings.mqtt3: the app did not accept a message; it is dropped (QoS 0 or cleanSession)', { topic: packet.topic, error: errorMessage(err) });
      done();
      return;
    }
    // No PUBACK: MQTT 3 redelivers an unacked message only to a resumed session, so drop the
    // connection; mqtt.js reconnects (clean session off) and the broker sends the message again.
    this.logger.warn('bindings.mqtt3: the app did not accept a message; it will be delivered again', { topic: packet.topic, error: errorMessage(err) });
    if (!stopping) client.stream?.destroy();
  }
}

/** `retain` request metadata: true or false, else the component's setting. */
function parseRetain(raw: string | undefined, fallback: boolean): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BindingRequestError(`metadata "retain" must be true or false, got "${raw}"`);
}
