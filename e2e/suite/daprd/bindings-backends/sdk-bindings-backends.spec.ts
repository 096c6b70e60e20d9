import type { DaprClient } from '@dapr/dapr';
import { tempDir } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { DefaultResources, Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';
import { MqttUrl, PostgresUrl, RabbitMQUrl, RedisHost, componentYaml, openBackends, uniqueName, type Backends } from './backend-resources';

/**
 * bindings.redis, bindings.postgresql, bindings.rabbitmq and bindings.mqtt3 behind a built daprd,
 * driven by the official SDK: DaprClient.binding.send for the outputs, DaprServer.binding.receive
 * for the inputs (messages published straight to the broker reach the app; a failing handler gets
 * the message again).
 */
describe.each(Protocols)('backend bindings with the official SDK over %s', (name, protocol) => {
  let backends: Backends;
  let app: Awaited<ReturnType<typeof appWithSidecar>>;
  let client: DaprClient;
  const keyPrefix = uniqueName(`e2e-bindings-${name}`);
  const table = uniqueName(`e2e_bindings_${name}`).replace(/-/g, '_').toLowerCase();
  const queue = uniqueName(`e2e-bindings-${name}`);
  const topic = `${uniqueName(`e2e-bindings-${name}`)}/events`;
  const consumerID = uniqueName(`e2e-${name}`);
  const fromRabbit: string[] = [];
  const fromMqtt: string[] = [];

  beforeAll(async () => {
    backends = await openBackends();
    await backends.postgres.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
    const files = {
      ...DefaultResources,
      'cache.yaml': componentYaml('cache', 'bindings.redis', { redisHost: RedisHost }),
      'db.yaml': componentYaml('db', 'bindings.postgresql', { connectionString: PostgresUrl }),
      'queue.yaml': componentYaml('queue', 'bindings.rabbitmq', { queueName: queue, host: RabbitMQUrl, durable: 'true', deleteWhenUnused: 'false', prefetchCount: '1', maxPriority: '5' }),
      'mqtt.yaml': componentYaml('mqtt', 'bindings.mqtt3', { url: MqttUrl, topic, consumerID, qos: '1', cleanSession: 'false' }),
    };
    app = await appWithSidecar({ appId: `bindings-backends-${name.toLowerCase()}`, protocol, registryDir: tempDir('dapr-registry-'), files });
    await app.server.binding.receive('queue', async (data) => {
      const text = idOf(data);
      fromRabbit.push(text);
      // The first delivery of a "fail-once" message fails, so the broker must hand it over again.
      if (text.startsWith('fail-once') && fromRabbit.filter((t) => t === text).length === 1) throw new Error('app failed once');
    });
    await app.server.binding.receive('mqtt', async (data) => {
      const text = idOf(data);
      fromMqtt.push(text);
      if (text.startsWith('fail-once') && fromMqtt.filter((t) => t === text).length === 1) throw new Error('app failed once');
    });
    await app.start();
    client = clientFor(app.daprd, protocol);
    await client.start();
  });

  afterAll(async () => {
    await client?.stop();
    await app?.stop();
    if (backends) {
      const keys = await backends.redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await backends.redis.del(...keys);
      await backends.postgres.query(`DROP TABLE IF EXISTS ${table}`);
      await backends.rabbit.channel.deleteQueue(queue).catch(() => undefined);
      // End the consumer's durable session so nothing stays queued for it on the broker.
      const { connectAsync } = await import('mqtt');
      const session = await connectAsync(MqttUrl.replace(/^tcp:/, 'mqtt:'), { clientId: `${consumerID}-consumer`, clean: true, reconnectPeriod: 0 }).catch(() => undefined);
      await session?.endAsync();
      await backends.close();
    }
  });

  describe('bindings.redis', () => {
    it('creates, gets, increments and deletes keys', async () => {
      const key = `${keyPrefix}-order`;
      await client.binding.send('cache', 'create', { id: 1 }, { key });
      expect(await backends.redis.get(key)).toBe('{"id":1}');
      expect(payload(await client.binding.send('cache', 'get', '', { key }))).toEqual({ id: 1 });
      const counter = `${keyPrefix}-counter`;
      await client.binding.send('cache', 'increment', '', { key: counter });
      await client.binding.send('cache', 'increment', '', { key: counter, ttlInSeconds: '100' });
      expect(await backends.redis.get(counter)).toBe('2');
      expect(await backends.redis.ttl(counter)).toBeGreaterThan(50);
      await client.binding.send('cache', 'delete', '', { key });
      expect(await backends.redis.exists(key)).toBe(0);
    });

    it('sets a TTL from ttlInSeconds on create', async () => {
      const key = `${keyPrefix}-ttl`;
      await client.binding.send('cache', 'create', 'short-lived', { key, ttlInSeconds: '60' });
      expect(await backends.redis.ttl(key)).toBeGreaterThan(30);
    });
  });

  describe('bindings.postgresql', () => {
    it('execs statements with params and queries rows as arrays', async () => {
      await client.binding.send('db', 'exec', '', { sql: `INSERT INTO ${table} (id, name) VALUES ($1, $2), ($3, $4)`, params: '[1, "one", 2, "two"]' });
      expect((await backends.postgres.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 2 }]);
      const rows = await client.binding.send('db', 'query', '', { sql: `SELECT id, name FROM ${table} ORDER BY id` });
      expect(payload(rows)).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
    });

    it('answers rows-affected in the response metadata', async () => {
      const response = await client.binding.send('db', 'exec', '', { sql: `UPDATE ${table} SET name = 'x' WHERE id > $1`, params: '[0]' });
      // Only the gRPC client hands the response metadata over; the HTTP client answers the body.
      if (name === 'gRPC') expect((response as { metadata?: Record<string, string> }).metadata).toMatchObject({ operation: 'exec', 'rows-affected': '2' });
      expect((await backends.postgres.query(`SELECT DISTINCT name FROM ${table}`)).rows).toEqual([{ name: 'x' }]);
    });
  });

  describe('bindings.rabbitmq', () => {
    it('publishes to the queue; the app receives messages through the input', async () => {
      await client.binding.send('queue', 'create', { id: `sdk-${name}` }, { priority: '2' });
      await eventually('the SDK message to reach the app', () => fromRabbit.includes(`sdk-${name}`));
    });

    it('delivers a message published straight to the broker to the app', async () => {
      backends.rabbit.channel.sendToQueue(queue, Buffer.from(`direct-${name}`), { contentType: 'text/plain' });
      await eventually('the broker message to reach the app', () => fromRabbit.includes(`direct-${name}`));
    });

    it('hands a message the app failed on to it again', async () => {
      const text = `fail-once-${name}`;
      backends.rabbit.channel.sendToQueue(queue, Buffer.from(JSON.stringify({ id: text })), { contentType: 'application/json' });
      await eventually('the failed message to come back', () => fromRabbit.filter((t) => t === text).length === 2);
      expect((await backends.rabbit.channel.checkQueue(queue)).messageCount).toBe(0);
    });
  });

  describe('bindings.mqtt3', () => {
    it('publishes to the topic or the request\'s topic', async () => {
      const other = `${topic}/other`;
      const seen: string[] = [];
      await backends.mqtt.subscribeAsync(other, { qos: 1 });
      backends.mqtt.on('message', (t, message) => {
        if (t === other) seen.push(message.toString());
      });
      await client.binding.send('mqtt', 'create', { id: `elsewhere-${name}` }, { topic: other });
      await eventually('the message on the request\'s topic', () => seen.length === 1);
      expect(seen).toEqual([`{"id":"elsewhere-${name}"}`]);
      await client.binding.send('mqtt', 'create', { id: `mine-${name}` });
      await eventually('the SDK message to reach the app', () => fromMqtt.includes(`mine-${name}`));
    });

    it('delivers a message published straight to the broker to the app', async () => {
      // MQTT 3 carries no content type: JSON is what an SDK app over HTTP can read.
      await backends.mqtt.publishAsync(topic, JSON.stringify({ id: `direct-${name}` }), { qos: 1 });
      await eventually('the broker message to reach the app', () => fromMqtt.includes(`direct-${name}`));
    });

    it('hands a message the app failed on to it again', async () => {
      const text = `fail-once-${name}`;
      await backends.mqtt.publishAsync(topic, JSON.stringify({ id: text }), { qos: 1 });
      await eventually('the failed message to come back', () => fromMqtt.filter((t) => t === text).length === 2);
    });
  });
});

/**
 * The message the app's handler got: the `id` of a JSON object, else the text. The SDK hands over
 * parsed JSON, a string (text/plain, or JSON under that type) or bytes, depending on transport.
 */
function idOf(data: unknown): string {
  let value = data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return value as string;
    }
  }
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return JSON.stringify(value) ?? '';
}

/** The HTTP client answers the parsed body; the gRPC client the InvokeBindingResponse, data as bytes. */
function payload(result: unknown): unknown {
  const data = (result as { data?: unknown } | undefined)?.data;
  if (!(data instanceof Uint8Array)) return result;
  const text = Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
