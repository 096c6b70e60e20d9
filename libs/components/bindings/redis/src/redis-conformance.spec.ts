import { Redis } from 'ioredis';
import { runBindingConformance } from '@dapr-ts/conformance';
import { RedisBinding, RedisBindingOperation } from './redis-binding';

/** The Redis the specs use: REDIS_HOST (host:port), else 127.0.0.1:6379. */
const redisHost = process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379';

/** Seeds the keys `get` reads and removes every key the suite used. */
let direct: Redis | undefined;
const used: string[] = [];

beforeAll(async () => {
  const [host, port] = redisHost.split(':');
  const client = new Redis({ host, port: Number(port ?? 6379), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`these tests need Redis at ${redisHost} (set REDIS_HOST): ${String(err)}`);
  }
  direct = client;
});

afterAll(async () => {
  if (used.length > 0) await direct?.del(...used);
  direct?.disconnect();
});

runBindingConformance({
  name: 'bindings.redis',
  create: () => new RedisBinding(),
  metadata: { redisHost },
  operations: ['create', 'get', 'delete', 'increment'],
  config: {
    request: async (operation, key) => {
      used.push(key);
      if (operation === RedisBindingOperation.Get) await direct?.set(key, 'seeded');
      return { data: operation === RedisBindingOperation.Create ? '{"name":"dapr"}' : '', metadata: { key } };
    },
  },
});
