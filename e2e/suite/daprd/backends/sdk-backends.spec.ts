import { randomUUID } from 'node:crypto';
import type { DaprClient } from '@dapr/dapr';
import { tempDir } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';

const redisHost = process.env['REDIS_HOST'] ?? '127.0.0.1:6379';
const postgresUrl = process.env['POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const rabbitUrl = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const run = randomUUID().slice(0, 8);

const component = (name: string, type: string, metadata: Record<string, string>): string =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${Object.entries(metadata)
    .map(([k, v]) => `  - name: ${k}\n    value: "${v}"\n`)
    .join('')}`;

/** Component files as Dapr's docs write them, against the servers running on this machine. */
const Backends = [
  [
    'Redis state + Redis Streams pub/sub',
    {
      'statestore.yaml': component('statestore', 'state.redis', { redisHost, redisPassword: '', actorStateStore: 'true' }),
      'pubsub.yaml': component('pubsub', 'pubsub.redis', { redisHost, redisPassword: '' }),
    },
  ],
  [
    'PostgreSQL state + RabbitMQ pub/sub',
    {
      'statestore.yaml': component('statestore', 'state.postgresql', { connectionString: postgresUrl, tableName: 'e2e_dapr_state' }),
      'pubsub.yaml': component('pubsub', 'pubsub.rabbitmq', { connectionString: rabbitUrl, durable: 'false', deletedWhenUnused: 'true' }),
    },
  ],
] as const;

describe.each(Backends)('real backends with the official SDK: %s', (_backend, files) => {
  describe.each(Protocols)('over %s', (name, protocol) => {
    let app: Awaited<ReturnType<typeof appWithSidecar>>;
    let client: DaprClient;
    const orders: unknown[] = [];
    const topic = `orders-${run}-${name.toLowerCase()}`;

    beforeAll(async () => {
      const lockstore = { 'lockstore.yaml': component('lockstore', 'lock.redis', { redisHost, redisPassword: '' }) };
      app = await appWithSidecar({ appId: `backends-${name.toLowerCase()}-${run}`, protocol, registryDir: tempDir('dapr-registry-'), files: { ...files, ...lockstore } });
      await app.server.pubsub.subscribe('pubsub', topic, async (data) => {
        orders.push(data);
      });
      await app.start();
      client = clientFor(app.daprd, protocol);
      await client.start();
    }, 60_000);
    afterAll(async () => {
      await client?.stop();
      await app?.stop();
    });

    it('saves, reads, transacts and deletes state', async () => {
      const key = `k-${run}-${name}`;
      await client.state.save('statestore', [{ key, value: { orderId: 1 } }]);
      expect(await client.state.get('statestore', key)).toEqual({ orderId: 1 });
      // A string value: the SDK's gRPC client cannot serialise objects in transactions.
      await client.state.transaction('statestore', [{ operation: 'upsert', request: { key, value: 'second' } }]);
      expect(await client.state.get('statestore', key)).toBe('second');
      await client.state.delete('statestore', key);
      expect(await client.state.get('statestore', key)).toBe('');
    });

    it('delivers every published message to the subscriber', async () => {
      for (let n = 1; n <= 5; n++) await client.pubsub.publish('pubsub', topic, { n });
      await eventually('five messages', () => orders.length >= 5, 30_000);
      expect((orders as { n: number }[]).map((o) => o.n).sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('takes, refuses and releases a distributed lock', async () => {
      const resource = `res-${run}-${name}`;
      expect(await client.lock.lock('lockstore', resource, 'owner-a', 30)).toEqual({ success: true });
      expect(await client.lock.lock('lockstore', resource, 'owner-b', 30)).toEqual({ success: false });
      expect((await client.lock.unlock('lockstore', resource, 'owner-b')).status).toBe(2);
      expect((await client.lock.unlock('lockstore', resource, 'owner-a')).status).toBe(0);
      expect((await client.lock.unlock('lockstore', resource, 'owner-a')).status).toBe(1);
    });
  });
});
