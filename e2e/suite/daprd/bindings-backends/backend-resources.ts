import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { connect as amqpConnect, type Channel, type ChannelModel } from 'amqplib';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/** The servers these tests use: env-overridable, defaulting to the ones running on this machine. */
export const RedisHost = process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379';
export const PostgresUrl = process.env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
export const RabbitMQUrl = process.env['RABBITMQ_URL']?.trim() || 'amqp://guest:guest@127.0.0.1:5672';
export const MqttUrl = process.env['MQTT_URL']?.trim() || 'tcp://127.0.0.1:1883';

/** A name no other run produces: `<label>-<pid>-<random>`. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A component file the way Dapr's docs write one: `spec.metadata` as name/value pairs. */
export function componentYaml(name: string, type: string, metadata: Record<string, string>): string {
  const items = Object.entries(metadata)
    .map(([key, value]) => `  - name: ${key}\n    value: "${value}"\n`)
    .join('');
  return `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${items}`;
}

/** Direct clients on the four servers, to check and feed what the sidecar does; each fails naming its server. */
export interface Backends {
  redis: Redis;
  postgres: Client;
  rabbit: { connection: ChannelModel; channel: Channel };
  mqtt: MqttClient;
  close(): Promise<void>;
}

export async function openBackends(): Promise<Backends> {
  const opened: { close(): Promise<unknown> }[] = [];
  const need = async <T>(server: string, env: string, open: () => Promise<T>): Promise<T> => {
    try {
      return await open();
    } catch (err) {
      await Promise.all(opened.map((o) => o.close().catch(() => undefined)));
      throw new Error(`these tests need ${server} (set ${env}): ${String(err)}`);
    }
  };
  const redis = await need(`Redis at ${RedisHost}`, 'REDIS_HOST', async () => {
    const [host, port] = RedisHost.split(':');
    const client = new Redis({ host, port: Number(port ?? 6379), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  });
  opened.push({ close: () => redis.quit() });
  const postgres = await need(`Postgres at ${new URL(PostgresUrl).host}`, 'POSTGRES_URL', async () => {
    const client = new Client({ connectionString: PostgresUrl });
    await client.connect();
    return client;
  });
  opened.push({ close: () => postgres.end() });
  const rabbit = await need(`RabbitMQ at ${RabbitMQUrl}`, 'RABBITMQ_URL', async () => {
    const connection = await amqpConnect(RabbitMQUrl, { timeout: 5000 });
    connection.on('error', () => undefined);
    return { connection, channel: await connection.createChannel() };
  });
  opened.push({ close: () => rabbit.connection.close() });
  const mqtt = await need(`an MQTT broker (Mosquitto) at ${MqttUrl}`, 'MQTT_URL', () =>
    connectAsync(MqttUrl.replace(/^tcp:/, 'mqtt:'), { clientId: uniqueName('e2e-bindings'), reconnectPeriod: 0, connectTimeout: 5000 }),
  );
  opened.push({ close: () => mqtt.endAsync() });
  return {
    redis,
    postgres,
    rabbit,
    mqtt,
    close: async () => {
      for (const o of opened.reverse()) await o.close().catch(() => undefined);
    },
  };
}
