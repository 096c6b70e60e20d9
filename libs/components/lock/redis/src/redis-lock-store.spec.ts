import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { runLockConformance, uniqueKey } from '@dapr-ts/conformance';
import { isMetadataError } from '@dapr-ts/components-common';
import { UnlockStatus } from '@dapr-ts/components-lock';
import { redisLockClientOptions } from './redis-lock-client-options';
import { parseRedisLockMetadata } from './redis-lock-metadata';
import { RedisLockStore } from './redis-lock-store';
import { testRedisProperties } from '@dapr-ts/testing';

const properties = testRedisProperties();

runLockConformance({ name: 'lock.redis', create: () => new RedisLockStore(), metadata: properties });

/** A plain client on the test server, to look at what the store wrote and to clean up. */
async function connectAdmin(overrides: Record<string, string> = {}): Promise<Redis> {
  const client = new Redis({ ...redisLockClientOptions(parseRedisLockMetadata({ ...properties, ...overrides })), retryStrategy: () => null });
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot reach the test Redis at ${properties['redisHost']} (set REDIS_URL or REDIS_HOST): ${String(err)}`);
  }
  return client;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'no error',
    (err: unknown) => err,
  );
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A loopback port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A stand-in Redis that answers every command with the same INFO text, reporting `replicas`
 * connected replicas: enough for ioredis's ready check and the store's replication check.
 */
async function fakeRedisWithReplicas(replicas: number): Promise<{ port: number; close: () => Promise<void> }> {
  const info = `# Replication\r\nrole:master\r\nconnected_slaves:${replicas}\r\nloading:0\r\n`;
  const reply = `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Each command arrives as a RESP array `*<n>`; answer once per array header seen.
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('latin1').split('\r\n')) if (/^\*\d+$/.test(line)) socket.write(reply);
    });
  });
  const port = await listen(server);
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('RedisLockStore', () => {
  const signal = new AbortController().signal;
  const written: string[] = [];
  let store: RedisLockStore;
  let admin: Redis;

  beforeAll(async () => {
    admin = await connectAdmin();
  });

  afterAll(async () => {
    if (written.length > 0) await admin.del(...written);
    admin.disconnect();
  });

  beforeEach(async () => {
    store = new RedisLockStore();
    await store.init({ name: 'lockstore', properties }, signal);
  });

  afterEach(() => store.close());

  const key = (label: string): string => {
    const k = uniqueKey('lock.redis-spec', label);
    written.push(k);
    return k;
  };

  describe('.features()', () => {
    it('lists none, as Dapr’s lock.redis', () => {
      expect(store.features()).toEqual([]);
    });
  });

  describe('.init()', () => {
    it('fails naming Redis and the address when nothing listens there', async () => {
      const port = await closedPort();
      const err = await failure(new RedisLockStore().init({ name: 'l', properties: { redisHost: `127.0.0.1:${port}`, dialTimeout: '2s' } }, signal));
      expect(String(err)).toBe(`Error: lock.redis: cannot connect to Redis at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
    });

    it('fails when the server has connected replicas', async () => {
      const fake = await fakeRedisWithReplicas(2);
      try {
        const err = await failure(new RedisLockStore().init({ name: 'l', properties: { redisHost: `127.0.0.1:${fake.port}` } }, signal));
        expect(String(err)).toBe(`Error: lock.redis: Redis at 127.0.0.1:${fake.port} has 2 connected replica(s); replication is not supported, because a failover could lose locks`);
      } finally {
        await fake.close();
      }
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(new RedisLockStore().init({ name: 'l', properties }, controller.signal)).rejects.toThrow('shutting down');
    });

    it('throws a MetadataError naming failover before connecting when failover is on', async () => {
      const err = await failure(new RedisLockStore().init({ name: 'l', properties: { ...properties, failover: 'true', sentinelMasterName: 'm' } }, signal));
      expect(isMetadataError(err) && err.field).toBe('failover');
    });

    it('locks in the database named by redisDB', async () => {
      const k = key('db');
      const other = new RedisLockStore();
      await other.init({ name: 'l', properties: { ...properties, redisDB: '3' } }, signal);
      const db3 = await connectAdmin({ redisDB: '3' });
      try {
        await expect(other.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, signal)).resolves.toEqual({ success: true });
        expect([await db3.get(k), await admin.exists(k)]).toEqual(['owner-1', 0]);
      } finally {
        await db3.del(k);
        db3.disconnect();
        await other.close();
      }
    });
  });

  describe('storage layout', () => {
    it('stores the owner as a plain string with the lease as its TTL, as Dapr does', async () => {
      const k = key('layout');
      await store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, signal);
      const ttl = await admin.ttl(k);
      expect([await admin.type(k), await admin.get(k)]).toEqual(['string', 'owner-1']);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    });

    it('honours a lock taken by another sidecar in Dapr’s layout', async () => {
      const k = key('foreign');
      await admin.set(k, 'dapr-owner', 'EX', 60);
      await expect(store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, signal)).resolves.toEqual({ success: false });
      await expect(store.unlock({ resourceId: k, lockOwner: 'dapr-owner' }, signal)).resolves.toEqual({ status: UnlockStatus.Success });
      expect(await admin.exists(k)).toBe(0);
    });
  });

  describe('.tryLock()', () => {
    it('is not re-entrant: the holder’s second attempt fails too', async () => {
      const k = key('reentrant');
      await store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, signal);
      await expect(store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, signal)).resolves.toEqual({ success: false });
    });

    it.each([0, -1, 1.5])('rejects expiryInSeconds %p and writes nothing', async (expiryInSeconds) => {
      const k = key('bad-expiry');
      await expect(store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds }, signal)).rejects.toThrow(`lock.redis: expiryInSeconds must be a positive whole number of seconds; got ${expiryInSeconds}`);
      expect(await admin.exists(k)).toBe(0);
    });
  });

  describe('cancellation', () => {
    it('rejects with the abort reason and writes nothing when the signal is aborted', async () => {
      const k = key('aborted');
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(store.tryLock({ resourceId: k, lockOwner: 'owner-1', expiryInSeconds: 30 }, controller.signal)).rejects.toThrow('shutting down');
      await expect(store.unlock({ resourceId: k, lockOwner: 'owner-1' }, controller.signal)).rejects.toThrow('shutting down');
      expect(await admin.exists(k)).toBe(0);
    });
  });

  describe('.close()', () => {
    it('makes later calls fail as not initialised, and may be called twice', async () => {
      await store.close();
      await store.close();
      await expect(store.unlock({ resourceId: key('closed'), lockOwner: 'o' }, signal)).rejects.toThrow('lock.redis: the store is not initialised (call init) or was closed');
    });
  });
});
