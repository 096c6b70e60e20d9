import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { connect, type MqttClient } from 'mqtt';
import type { Mqtt3BindingMetadata } from './mqtt3-binding-metadata';

/** Time allowed for the TCP/TLS connect and the CONNACK of one attempt. */
const ConnectTimeoutMs = 10_000;
/** mqtt.js reconnects a lost connection by itself this often. */
export const ReconnectPeriodMs = 1000;
/** How long a graceful DISCONNECT may take before the socket is destroyed. */
const DisconnectGraceMs = 2000;

/**
 * Opens one MQTT 3.1.1 connection as `clientId` and resolves on CONNACK; afterwards mqtt.js
 * reconnects by itself. `prepare` runs before any packet is read (to install `handleMessage`
 * before a resumed session's messages arrive). Rejects naming MQTT and the target (password
 * masked) when the first attempt fails or `signal` aborts; the client is then ended.
 */
export async function connectMqtt(md: Mqtt3BindingMetadata, clientId: string, signal: AbortSignal, prepare: (client: MqttClient) => void = () => undefined): Promise<MqttClient> {
  signal.throwIfAborted();
  const client = connect(md.brokerUrl, {
    protocolVersion: 4,
    clientId,
    clean: md.cleanSession,
    reconnectPeriod: ReconnectPeriodMs,
    connectTimeout: ConnectTimeoutMs,
    ...(md.username === undefined ? {} : { username: md.username }),
    ...(md.password === undefined ? {} : { password: md.password }),
    ...(md.caCert === undefined ? {} : { ca: md.caCert }),
    ...(md.clientCert === undefined ? {} : { cert: md.clientCert }),
    ...(md.clientKey === undefined ? {} : { key: md.clientKey }),
  });
  prepare(client);
  const opened = new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
    client.once('close', () => reject(new Error('connection closed before CONNACK')));
  });
  // mqtt.js emits 'error' on every failed attempt; one listener keeps it from being an uncaught error.
  client.on('error', () => undefined);
  try {
    await raceSignal(opened, signal);
    return client;
  } catch (err) {
    client.end(true);
    if (signal.aborted) throw signal.reason;
    throw new Error(`bindings.mqtt3: cannot connect to the MQTT broker at ${md.target} as ${clientId}: ${errorMessage(err)}`, { cause: err });
  }
}

/** Disconnects gracefully, or destroys the socket when that takes longer than 2 s. Never rejects. */
export async function disconnectMqtt(client: MqttClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const graceful = new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, DisconnectGraceMs)));
  await Promise.race([graceful, late]);
  clearTimeout(timer);
  if (!client.disconnected) {
    client.stream?.destroy();
    client.end(true);
  }
}
