import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { isBindingRequestError, type InvokeResponse } from '@dapr-ts/components-bindings';
import { RedisBinding } from './redis-binding';

/** The Redis the specs use: REDIS_HOST (host:port), else 127.0.0.1:6379. */
const redisHost = process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379';

describe('RedisBinding', () => {
  const signal = new AbortController().signal;
  const prefix = `bindings-redis-${process.pid}-${randomBytes(4).toString('hex')}`;
  let binding: RedisBinding;
  let direct: Redis;

  beforeAll(async () => {
    const [host, port] = redisHost.split(':');
    direct = new Redis({ host, port: Number(port ?? 6379), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    direct.on('error', () => undefined);
    try {
      await direct.connect();
    } catch (err) {
      throw new Error(`these tests need Redis at ${redisHost} (set REDIS_HOST): ${String(err)}`);
    }
    binding = new RedisBinding();
    await binding.init({ name: 'cache', properties: { redisHost } }, signal);
  });

  afterAll(async () => {
    const keys = await direct.keys(`${prefix}*`);
    if (keys.length > 0) await direct.del(...keys);
    await binding.close();
    direct.disconnect();
  });

  let n = 0;
  const key = (): string => `${prefix}-${++n}`;
  const call = (operation: string, metadata: Record<string, string>, data = ''): Promise<InvokeResponse> => binding.invoke({ operation, data: Buffer.from(data), metadata }, signal);

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => new Error('expected a rejection'),
      (err: unknown) => err,
    );
  }

  describe('.operations()', () => {
    it('returns create, get, delete and increment', () => {
      expect(binding.operations()).toEqual(['create', 'get', 'delete', 'increment']);
    });
  });

  describe('create', () => {
    it('stores the request data as the value of key, without a TTL, and answers nothing', async () => {
      const k = key();
      expect(await call('create', { key: k }, '{"name":"dapr"}')).toEqual({});
      expect(await direct.get(k)).toBe('{"name":"dapr"}');
      expect(await direct.ttl(k)).toBe(-1);
    });

    it('sets an expiry from ttlInSeconds', async () => {
      const k = key();
      await call('create', { key: k, ttlInSeconds: '100' }, 'x');
      const ttl = await direct.ttl(k);
      expect(ttl).toBeGreaterThan(90);
      expect(ttl).toBeLessThanOrEqual(100);
    });

    it('keeps binary data as it is', async () => {
      const k = key();
      await binding.invoke({ operation: 'create', data: Buffer.from([0, 255, 1]), metadata: { key: k } }, signal);
      expect(await direct.getBuffer(k)).toEqual(Buffer.from([0, 255, 1]));
    });

    it.each(['abc', '0', '-5', '1.5'])('refuses ttlInSeconds "%s" as the caller\'s mistake', async (ttl) => {
      const err = await rejection(call('create', { key: key(), ttlInSeconds: ttl }, 'x'));
      expect(isBindingRequestError(err)).toBe(true);
      expect((err as Error).message).toBe(`metadata "ttlInSeconds" must be a positive whole number of seconds, got "${ttl}"`);
    });
  });

  describe('get', () => {
    it('answers the bytes of the value', async () => {
      const k = key();
      await direct.set(k, 'hello');
      expect(Buffer.from((await call('get', { key: k })).data ?? [])).toEqual(Buffer.from('hello'));
      expect(await direct.get(k)).toBe('hello');
    });

    it('deletes the key too when delete is true', async () => {
      const k = key();
      await direct.set(k, 'once');
      expect(Buffer.from((await call('get', { key: k, delete: 'true' })).data ?? []).toString()).toBe('once');
      expect(await direct.exists(k)).toBe(0);
    });

    it('fails for a missing key, as Dapr does', async () => {
      const k = key();
      const err = await rejection(call('get', { key: k }));
      expect(isBindingRequestError(err)).toBe(false);
      expect((err as Error).message).toBe(`key "${k}" not found (redis: nil)`);
    });
  });

  describe('delete', () => {
    it('removes the key', async () => {
      const k = key();
      await direct.set(k, 'x');
      expect(await call('delete', { key: k })).toEqual({});
      expect(await direct.exists(k)).toBe(0);
    });
  });

  describe('increment', () => {
    it('increments the counter from 0', async () => {
      const k = key();
      await call('increment', { key: k });
      await call('increment', { key: k });
      expect(await direct.get(k)).toBe('2');
    });

    it('sets an expiry from ttlInSeconds', async () => {
      const k = key();
      await call('increment', { key: k, ttlInSeconds: '50' });
      expect(await direct.get(k)).toBe('1');
      expect(await direct.ttl(k)).toBeGreaterThan(40);
    });
  });

  it('requires the key metadata', async () => {
    const err = await rejection(call('get', {}));
    expect(isBindingRequestError(err)).toBe(true);
    expect((err as Error).message).toBe('metadata "key" is required');
  });

  describe('.init()', () => {
    it('fails naming the address when Redis is unreachable', async () => {
      const unreachable = new RedisBinding();
      await expect(unreachable.init({ name: 'cache', properties: { redisHost: '127.0.0.1:1', dialTimeout: '2s' } }, signal)).rejects.toThrow(/^bindings\.redis: cannot connect to Redis at 127\.0\.0\.1:1: /);
    });
  });
});
