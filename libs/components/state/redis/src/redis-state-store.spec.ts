import { Redis } from 'ioredis';
import { etagErrorKind, failureOf, runStateConcurrencyConformance, runStateConformance, stateStorePerTest, unusedLoopbackPort } from '@dapr-ts/conformance';
import { isMetadataError } from '@dapr-ts/components-common';
import { StateFeature, type SetRequest, type TransactionRequest } from '@dapr-ts/components-state';
import { redisClientOptions } from './redis-client-options';
import { parseRedisStateMetadata } from './redis-state-metadata';
import { RedisStateStore } from './redis-state-store';
import { testRedisProperties } from '@dapr-ts/testing';

/** Every key a test in this file wrote, deleted in afterAll so the shared server stays clean. */
const written = new Set<string>();

/** Records the keys it writes; otherwise the real store. */
class TrackedRedisStateStore extends RedisStateStore {
  override async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    written.add(request.key);
    await super.set(request, signal);
  }

  override async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    for (const op of request.operations) written.add(op.request.key);
    await super.multi(request, signal);
  }
}

const properties = testRedisProperties();

/** A plain client on the test server, to look at what the store wrote and to clean up. */
async function connectAdmin(overrides: Record<string, string> = {}): Promise<Redis> {
  const client = new Redis({ ...redisClientOptions(parseRedisStateMetadata({ ...properties, ...overrides })), retryStrategy: () => null });
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot reach the test Redis at ${properties['redisHost']} (set REDIS_URL or REDIS_HOST): ${String(err)}`);
  }
  return client;
}

afterAll(async () => {
  if (written.size === 0) return;
  const admin = await connectAdmin();
  try {
    await admin.del(...written);
  } finally {
    admin.disconnect();
  }
});

const operations = ['etag', 'transaction', 'ttl', 'first-write', 'bulk'] as const;

runStateConformance({ name: 'state.redis', create: () => new TrackedRedisStateStore(), metadata: properties, operations, config: { badEtag: 'bad-etag' } });

// Several connections, as several sidecars; a key's ETag is its version, counting its writes.
runStateConcurrencyConformance({ name: 'state.redis', create: () => new RedisStateStore(), metadata: properties, operations, config: { etags: 'versions', missingKeyEtag: 'accepted' } });

describe('RedisStateStore', () => {
  const signal = new AbortController().signal;
  let admin: Redis;

  beforeAll(async () => {
    admin = await connectAdmin();
  });

  afterAll(() => admin.disconnect());

  const { store, key, put, remove, read } = stateStorePerTest({ keyPrefix: 'state.redis-spec', create: () => new TrackedRedisStateStore(), metadata: properties }, signal);

  describe('.features()', () => {
    it('lists ETAG, TRANSACTIONAL and TTL', () => {
      expect(store().features()).toEqual([StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL]);
    });
  });

  describe('.init()', () => {
    it('fails naming Redis and the address when nothing listens there', async () => {
      const port = await unusedLoopbackPort();
      const unreachable = new RedisStateStore();
      const err = await failureOf(unreachable.init({ name: 's', properties: { redisHost: `127.0.0.1:${port}`, dialTimeout: '2s' } }, signal));
      expect(String(err)).toBe(`Error: state.redis: cannot connect to Redis at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(new RedisStateStore().init({ name: 's', properties }, controller.signal)).rejects.toThrow('shutting down');
    });

    it('throws a MetadataError naming redisHost before connecting when it is missing', async () => {
      const err = await failureOf(new RedisStateStore().init({ name: 's', properties: {} }, signal));
      expect(isMetadataError(err) && err.field).toBe('redisHost');
    });

    it('selects the database named by redisDB', async () => {
      const k = key('db');
      const other = new TrackedRedisStateStore();
      await other.init({ name: 's', properties: { ...properties, redisDB: '3' } }, signal);
      try {
        await other.set({ key: k, value: Buffer.from('in-db-3'), metadata: {} }, signal);
        expect(await read(k)).toBeUndefined();
        const db3 = await connectAdmin({ redisDB: '3' });
        try {
          expect(await db3.hget(k, 'data')).toBe('in-db-3');
        } finally {
          await db3.del(k);
          db3.disconnect();
        }
      } finally {
        await other.close();
      }
    });
  });

  describe('storage layout', () => {
    it('stores a hash with fields data and version, as Dapr does', async () => {
      const k = key('layout');
      await put(k, 'v1');
      await put(k, 'v2');
      expect(await admin.hgetall(k)).toEqual({ data: 'v2', version: '2' });
    });

    it('reads a key written in Dapr’s layout by another sidecar', async () => {
      const k = key('foreign');
      written.add(k);
      await admin.hset(k, { data: '{"from":"daprd"}', version: '7' });
      expect(await read(k)).toEqual({ data: Buffer.from('{"from":"daprd"}'), etag: '7' });
      await put(k, 'updated', { etag: '7' });
      expect(await admin.hget(k, 'version')).toBe('8');
    });
  });

  describe('etags', () => {
    it.each(['abc', '-1', '1.0', ' 1', '0x1'])('rejects %j as invalid, even on a missing key, writing nothing', async (etag) => {
      const k = key('invalid');
      expect(await etagErrorKind(put(k, 'v', { etag }))).toBe('invalid');
      expect(await etagErrorKind(remove(k, { etag }))).toBe('invalid');
      expect(await admin.exists(k)).toBe(0);
    });

    it('accepts any etag on a missing key (Dapr’s Redis semantics)', async () => {
      const k = key('absent');
      await put(k, 'v', { etag: '41' });
      expect(await read(k)).toMatchObject({ etag: '1' });
      await expect(remove(key('never'), { etag: '3' })).resolves.toBeUndefined();
    });

    it('treats an empty etag as no etag', async () => {
      const k = key('empty-etag');
      await put(k, 'v1');
      await put(k, 'v2', { etag: '' });
      expect((await read(k))?.data.toString()).toBe('v2');
    });

    it('names the key and both versions in a mismatch', async () => {
      const k = key('message');
      await put(k, 'v1');
      await put(k, 'v2');
      await expect(put(k, 'v3', { etag: '1' })).rejects.toThrow(`etag "1" for key ${k} does not match the stored version "2"`);
    });
  });

  describe('ttlInSeconds', () => {
    it('sets EXPIRE on the key', async () => {
      const k = key('expire');
      await put(k, 'v', { metadata: { ttlInSeconds: '100' } });
      const ttl = await admin.ttl(k);
      expect(ttl === 100 || ttl === 99).toBe(true);
    });

    it('keeps an existing TTL when overwritten without one, as Redis does', async () => {
      const k = key('keep-ttl');
      await put(k, 'v1', { metadata: { ttlInSeconds: '100' } });
      await put(k, 'v2');
      expect(await admin.ttl(k)).toBeGreaterThan(90);
      expect((await read(k))?.metadata?.['ttlExpireTime']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it('removes an existing TTL when overwritten with -1', async () => {
      const k = key('persist');
      await put(k, 'v1', { metadata: { ttlInSeconds: '100' } });
      await put(k, 'v2', { metadata: { ttlInSeconds: '-1' } });
      expect(await admin.ttl(k)).toBe(-1);
      expect(await read(k)).toEqual({ data: Buffer.from('v2'), etag: '2' });
    });

    it.each(['0', '-2', '1.5', 'abc'])('rejects %j with a MetadataError naming ttlInSeconds, writing nothing', async (ttl) => {
      const k = key('bad-ttl');
      const err = await failureOf(put(k, 'v', { metadata: { ttlInSeconds: ttl } }));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect(await admin.exists(k)).toBe(0);
    });

    it('applies the component default, which a request can override', async () => {
      const withDefault = new TrackedRedisStateStore();
      await withDefault.init({ name: 's', properties: { ...properties, ttlInSeconds: '500' } }, signal);
      const [byDefault, overridden, persisted] = [key('default-ttl'), key('override-ttl'), key('persist-ttl')];
      try {
        await withDefault.set({ key: byDefault, value: Buffer.from('v'), metadata: {} }, signal);
        await withDefault.set({ key: overridden, value: Buffer.from('v'), metadata: { ttlInSeconds: '50' } }, signal);
        await withDefault.set({ key: persisted, value: Buffer.from('v'), metadata: { ttlInSeconds: '-1' } }, signal);
      } finally {
        await withDefault.close();
      }
      expect([await admin.ttl(byDefault) > 490, await admin.ttl(overridden) <= 50, await admin.ttl(persisted)]).toEqual([true, true, -1]);
    });
  });

  describe('.multi()', () => {
    const upsert = (k: string, value: string, extra: Partial<SetRequest> = {}) => ({ operation: 'upsert' as const, request: { key: k, value: Buffer.from(value), metadata: {}, ...extra } });

    it('checks each operation against the effects of the earlier ones', async () => {
      const k = key('tx-seq');
      await put(k, 'v1');
      // After the first upsert the version is 2, so the second operation's etag "1" is stale.
      const err = await etagErrorKind(store().multi({ operations: [upsert(k, 'v2'), upsert(k, 'v3', { etag: '1' })], metadata: {} }, signal));
      expect(err).toBe('mismatch');
      expect(await admin.hgetall(k)).toEqual({ data: 'v1', version: '1' });
    });

    it('accepts an etag produced by an earlier operation of the same transaction', async () => {
      const k = key('tx-chain');
      await put(k, 'v1');
      await store().multi({ operations: [upsert(k, 'v2', { etag: '1' }), upsert(k, 'v3', { etag: '2' })], metadata: {} }, signal);
      expect(await admin.hgetall(k)).toEqual({ data: 'v3', version: '3' });
    });

    it('applies nothing when a first-write upsert meets an existing key', async () => {
      const [fresh, existing] = [key('tx-fw-new'), key('tx-fw-old')];
      await put(existing, 'old');
      const operations = [upsert(fresh, 'new'), upsert(existing, 'clobber', { options: { concurrency: 'first-write' } })];
      expect(await etagErrorKind(store().multi({ operations, metadata: {} }, signal))).toBe('mismatch');
      expect([await admin.exists(fresh), await admin.hget(existing, 'data')]).toEqual([0, 'old']);
    });

    it('applies nothing when one operation has a bad ttlInSeconds', async () => {
      const [a, b] = [key('tx-ttl-a'), key('tx-ttl-b')];
      const err = await failureOf(store().multi({ operations: [upsert(a, 'a'), upsert(b, 'b', { metadata: { ttlInSeconds: '0' } })], metadata: {} }, signal));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect(await admin.exists(a, b)).toBe(0);
    });

    it('re-creates a key deleted earlier in the transaction at version 1', async () => {
      const k = key('tx-recreate');
      await put(k, 'v1');
      await put(k, 'v2');
      await store().multi({ operations: [{ operation: 'delete', request: { key: k, metadata: {} } }, upsert(k, 'again')], metadata: {} }, signal);
      expect(await admin.hgetall(k)).toEqual({ data: 'again', version: '1' });
    });
  });

  describe('cancellation', () => {
    it('rejects with the abort reason and writes nothing when the signal is aborted', async () => {
      const k = key('aborted');
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(store().set({ key: k, value: Buffer.from('v'), metadata: {} }, controller.signal)).rejects.toThrow('shutting down');
      expect(await admin.exists(k)).toBe(0);
    });
  });

  describe('.close()', () => {
    it('makes later calls fail as not initialised, and may be called twice', async () => {
      await store().close();
      await store().close();
      await expect(read(key('closed'))).rejects.toThrow('state.redis: the store is not initialised (call init) or was closed');
    });
  });
});
