import { Redis } from 'ioredis';
import { runConfigurationConformance, uniqueKey, waitFor, type ConfigurationWriter } from '@dapr-ts/conformance';
import { isMetadataError } from '@dapr-ts/components-common';
import type { ConfigurationUpdateEvent } from '@dapr-ts/components-configuration';
import { testRedisProperties } from '@dapr-ts/testing';
import { fakeRedis } from './fake-redis.spec-helper';
import { redisConfigurationClientOptions } from './redis-configuration-client-options';
import { parseRedisConfigurationMetadata } from './redis-configuration-metadata';
import { RedisConfigurationStore } from './redis-configuration-store';

const properties = testRedisProperties();
const signal = new AbortController().signal;

/** A plain client on the test server, to write items as an operator would and to clean up. */
async function connectAdmin(): Promise<Redis> {
  const client = new Redis({ ...redisConfigurationClientOptions(parseRedisConfigurationMetadata(properties)), retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot reach the test Redis at ${properties['redisHost']} (set REDIS_URL or REDIS_HOST): ${String(err)}`);
  }
  return client;
}

async function redisWriter(): Promise<ConfigurationWriter> {
  const admin = await connectAdmin();
  return {
    async set(items) {
      await admin.mset(Object.fromEntries(Object.entries(items).map(([key, { value, version }]) => [key, `${value}||${version}`])));
    },
    async delete(keys) {
      if (keys.length > 0) await admin.del(...keys);
    },
    async close() {
      await admin.quit();
    },
  };
}

runConfigurationConformance({ name: 'configuration.redis', create: () => new RedisConfigurationStore(), metadata: properties, writer: redisWriter });

describe('RedisConfigurationStore', () => {
  let admin: Redis;
  let store: RedisConfigurationStore;
  const keys: string[] = [];
  const key = (label: string): string => {
    const k = uniqueKey('configuration.redis', label);
    keys.push(k);
    return k;
  };

  beforeAll(async () => {
    admin = await connectAdmin();
    store = new RedisConfigurationStore();
    await store.init({ name: 'configstore', properties }, signal);
  });
  afterAll(async () => {
    await store?.close();
    if (keys.length > 0) await admin?.del(...keys);
    await admin?.quit();
  });

  describe('.get()', () => {
    it('reads Dapr value||version strings, bare values, and values that contain ||', async () => {
      const [versioned, bare, piped] = [key('versioned'), key('bare'), key('piped')];
      await admin.mset({ [versioned]: 'blue||v3', [bare]: 'plain', [piped]: 'a||b||9' });
      const { items } = await store.get({ keys: [versioned, bare, piped], metadata: {} }, signal);
      expect(items).toEqual({
        [versioned]: { value: 'blue', version: 'v3', metadata: {} },
        [bare]: { value: 'plain', version: '', metadata: {} },
        [piped]: { value: 'a||b', version: '9', metadata: {} },
      });
    });

    it('skips keys of other types instead of failing', async () => {
      const [text, hash] = [key('text'), key('hash')];
      await admin.set(text, 'x||1');
      await admin.hset(hash, 'field', 'value');
      await expect(store.get({ keys: [text, hash], metadata: {} }, signal)).resolves.toEqual({ items: { [text]: { value: 'x', version: '1', metadata: {} } } });
      const all = await store.get({ keys: [], metadata: {} }, signal);
      expect([text in all.items, hash in all.items]).toEqual([true, false]);
    });
  });

  describe('.subscribe()', () => {
    it('turns keyspace notifications on when they are off, keeping flags already set', async () => {
      await admin.config('SET', 'notify-keyspace-events', 'E$');
      const events: ConfigurationUpdateEvent[] = [];
      const id = await store.subscribe({ keys: [key('enable')], metadata: {} }, async (e) => void events.push(e), signal);
      const [, flags] = (await admin.config('GET', 'notify-keyspace-events')) as unknown as [string, string];
      expect([...flags].sort().join('')).toBe([...'$EKegx'].sort().join(''));
      await store.unsubscribe(id, signal);
    });

    it('sees every key an MSET writes, as Dapr documents', async () => {
      const [a, b] = [key('mset-a'), key('mset-b')];
      const events: ConfigurationUpdateEvent[] = [];
      const id = await store.subscribe({ keys: [a, b], metadata: {} }, async (e) => void events.push(e), signal);
      await admin.mset({ [a]: 'one||1', [b]: 'two||2' });
      await waitFor('both keys', async () => events.length >= 2, { timeoutMs: 10_000 });
      expect(events).toEqual([
        { id, items: { [a]: { value: 'one', version: '1', metadata: {} } } },
        { id, items: { [b]: { value: 'two', version: '2', metadata: {} } } },
      ]);
      await store.unsubscribe(id, signal);
    });

    it('reports a key that expires as deleted', async () => {
      const a = key('expires');
      const events: ConfigurationUpdateEvent[] = [];
      const id = await store.subscribe({ keys: [a], metadata: {} }, async (e) => void events.push(e), signal);
      await admin.set(a, 'short||1', 'PX', 50);
      await waitFor(`the expiry of ${a}`, async () => events.some((e) => e.items[a]?.value === ''), { timeoutMs: 10_000 });
      expect(events.map((e) => e.items[a]?.value)).toEqual(['short', '']);
      await store.unsubscribe(id, signal);
    });

    it('fails naming notify-keyspace-events when they are off and CONFIG SET is refused', async () => {
      const server = await fakeRedis({ 'notify-keyspace-events': '', refuse: ['CONFIG SET'] });
      const refused = new RedisConfigurationStore();
      try {
        await refused.init({ name: 'configstore', properties: { redisHost: `127.0.0.1:${server.port}` } }, signal);
        const err = await refused.subscribe({ keys: ['k'], metadata: {} }, async () => undefined, signal).then(() => undefined, (e: unknown) => e);
        expect((err as Error).message).toBe(
          `configuration.redis: subscriptions need Redis keyspace notifications, but notify-keyspace-events on 127.0.0.1:${server.port} is "" and CONFIG SET was refused ` +
            `(NOPERM this user has no permissions to run the 'config|set' command); enable them on the server with "notify-keyspace-events KA" (redis.conf, or CONFIG SET notify-keyspace-events KA)`,
        );
      } finally {
        await refused.close();
        await server.close();
      }
    });
  });

  describe('.init()', () => {
    it('fails naming the address when nothing listens there', async () => {
      const server = await fakeRedis({});
      await server.close();
      const err = await new RedisConfigurationStore().init({ name: 'c', properties: { redisHost: `127.0.0.1:${server.port}`, dialTimeout: '2s' } }, signal).then(() => undefined, (e: unknown) => e);
      expect((err as Error).message).toMatch(new RegExp(`^configuration\\.redis: cannot connect to Redis at 127\\.0\\.0\\.1:${server.port}: .*ECONNREFUSED`));
    });

    it('rejects bad metadata with an error naming the field', async () => {
      const err = await new RedisConfigurationStore().init({ name: 'c', properties: { redisHost: 'localhost:6379', redisType: 'cluster' } }, signal).then(() => undefined, (e: unknown) => e);
      expect(isMetadataError(err) ? err.field : err).toBe('redisType');
    });

    it('refuses calls before init', async () => {
      await expect(new RedisConfigurationStore().get({ keys: [], metadata: {} }, signal)).rejects.toThrow('configuration.redis: the store is not initialised (call init) or was closed');
    });
  });
});
