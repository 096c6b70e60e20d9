import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { connect, Store, type IClientOptions, type MqttClient } from 'mqtt';
import type { Mqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';

/** Time allowed for the TCP/TLS connect and the CONNACK of one attempt. */
const ConnectTimeoutMs = 10_000;
/** How long a graceful DISCONNECT may take before the socket is destroyed. */
const DisconnectGraceMs = 2000;

/**
 * An mqtt.js in-memory store whose `close()` keeps its content. mqtt.js closes its stores when a
 * client ends; a session's QoS 2 messages received but not yet released (PUBREL) must survive into
 * the next connection of the same session, which is a new client object here.
 */
export class SessionStore extends Store {
  override close(cb: (error?: Error) => void): void {
    cb();
  }
}

/** What one connection is for. */
export interface MqttConnectOptions {
  clientId: string;
  clean: boolean;
  /** mqtt.js reconnects by itself every this many ms; 0 = never (the caller reconnects). */
  reconnectPeriodMs: number;
  incomingStore?: Store;
}

/** mqtt.js options for the component's metadata and one connection (MQTT 3.1.1). */
export function mqttClientOptions(settings: Mqtt3PubSubMetadata, options: MqttConnectOptions): IClientOptions {
  return {
    protocolVersion: 4,
    clientId: options.clientId,
    clean: options.clean,
    reconnectPeriod: options.reconnectPeriodMs,
    connectTimeout: ConnectTimeoutMs,
    // Resubscribing is ours to decide (see MqttTopicSession): mqtt.js would re-send SUBSCRIBE and with it retained messages.
    resubscribe: false,
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...(settings.caCert === undefined ? {} : { ca: settings.caCert }),
    ...(settings.clientCert === undefined ? {} : { cert: settings.clientCert }),
    ...(settings.clientKey === undefined ? {} : { key: settings.clientKey }),
    ...(options.incomingStore === undefined ? {} : { incomingStore: options.incomingStore }),
  };
}

/**
 * Opens one connection and resolves on CONNACK with the client and whether the broker resumed a
 * session. `prepare` runs before any packet is read: a resumed session's messages follow the
 * CONNACK at once, and mqtt.js would ack them with its default hook before this resolves. Rejects naming MQTT and the target (password masked) when the attempt fails or
 * `signal` aborts; the client is then ended, so it does not retry.
 */
export async function connectMqtt(
  settings: Mqtt3PubSubMetadata,
  options: MqttConnectOptions,
  signal: AbortSignal,
  prepare: (client: MqttClient) => void = () => undefined,
): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  signal.throwIfAborted();
  const client = connect(settings.brokerUrl, mqttClientOptions(settings, options));
  prepare(client);
  const opened = new Promise<boolean>((resolve, reject) => {
    client.once('connect', (connack) => resolve(connack.sessionPresent));
    client.once('error', reject);
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
  // mqtt.js emits 'error' on every failed attempt; one listener keeps it from being an uncaught error.
  client.on('error', () => undefined);
  try {
    const sessionPresent = await raceSignal(opened, signal);
    return { client, sessionPresent };
  } catch (err) {
    client.end(true);
    if (signal.aborted) throw signal.reason;
    throw new Error(`pubsub.mqtt3: cannot connect to the MQTT broker at ${settings.target} as ${options.clientId}: ${errorMessage(err)}`, { cause: err });
  }
}

/**
 * Disconnects gracefully (DISCONNECT after what is already written, such as the last PUBACKs),
 * or destroys the socket when that takes longer than 2 s. Never rejects.
 */
export async function disconnectMqtt(client: MqttClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, DisconnectGraceMs)));
  await Promise.race([graceful, late]);
  clearTimeout(timer);
  // end() ignores a second call while the first is pending: destroy the socket directly.
  if (!client.disconnected) client.stream?.destroy();
}
