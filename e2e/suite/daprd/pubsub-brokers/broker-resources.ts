import { createHash } from 'node:crypto';
import { connect as dial } from 'node:net';
import { connectAsync } from 'mqtt';
import { connect, type NatsConnection } from 'nats';

/** The brokers these tests use: env-overridable, defaulting to the ones running on this machine. */
export const MqttUrl = process.env['MQTT_URL']?.trim() || 'tcp://127.0.0.1:1883';
export const NatsUrl = process.env['NATS_URL']?.trim() || 'nats://127.0.0.1:4222';

/** A component file the way Dapr's docs write one: `spec.metadata` as name/value pairs. */
export function componentYaml(name: string, type: string, metadata: Record<string, string>): string {
  const items = Object.entries(metadata)
    .map(([key, value]) => `  - name: ${key}\n    value: "${value}"\n`)
    .join('');
  return `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${items}`;
}

/** `pubsub.mqtt3` as in Dapr's setup-mqtt3 page (durable sessions, QoS 1), against `MqttUrl`. */
export function mqttComponent(name = 'pubsub'): string {
  return componentYaml(name, 'pubsub.mqtt3', { url: MqttUrl, retain: 'false', cleanSession: 'false', qos: '1' });
}

/** `pubsub.jetstream` as in Dapr's setup-jetstream page, bound to `streamName`, against `NatsUrl`. */
export function jetStreamComponent(streamName: string, extra: Record<string, string> = {}, name = 'pubsub'): string {
  return componentYaml(name, 'pubsub.jetstream', {
    natsURL: NatsUrl,
    name: 'dapr-ts e2e',
    streamName,
    deliverPolicy: 'all',
    ackPolicy: 'explicit',
    maxDeliver: '5',
    backOff: '50ms, 1s, 10s',
    ...extra,
  });
}

/** Fails naming the broker when nothing accepts TCP connections at `url`'s host and port. */
export async function requireMqttBroker(): Promise<void> {
  const url = new URL(MqttUrl);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = dial(Number(url.port || 1883), url.hostname);
    socket.setTimeout(5000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
  if (!reachable) throw new Error(`these tests need an MQTT broker (Mosquitto) at ${MqttUrl} (set MQTT_URL)`);
}

/**
 * Ends the durable session pubsub.mqtt3 keeps for a consumer group (the app id) on a topic, so
 * tests leave nothing on the broker. The client id formula is the component's:
 * `<consumerID>-<first 12 hex digits of sha256(topic)>`.
 */
export async function discardMqttSession(consumerID: string, topic: string): Promise<void> {
  const clientId = `${consumerID}-${createHash('sha256').update(topic).digest('hex').slice(0, 12)}`;
  const client = await connectAsync(MqttUrl.replace(/^tcp:/, 'mqtt:'), { clientId, clean: true, reconnectPeriod: 0, protocolVersion: 4 }, false);
  await client.endAsync();
}

/** A NATS connection for creating streams (what `nats stream add` does in Dapr's docs); fails naming NATS. */
export async function openNats(): Promise<{ connection: NatsConnection; addStream(name: string, subjects: string[]): Promise<void>; close(): Promise<void> }> {
  const url = new URL(NatsUrl);
  let connection: NatsConnection;
  try {
    connection = await connect({ servers: `${url.hostname}:${url.port || '4222'}`, timeout: 5000 });
  } catch (err) {
    throw new Error(`these tests need NATS with JetStream at ${NatsUrl} (set NATS_URL): ${String(err)}`);
  }
  const manager = await connection.jetstreamManager();
  const streams: string[] = [];
  return {
    connection,
    addStream: async (name, subjects) => {
      await manager.streams.add({ name, subjects });
      streams.push(name);
    },
    close: async () => {
      for (const name of streams) await manager.streams.delete(name).catch(() => undefined);
      await connection.close();
    },
  };
}
