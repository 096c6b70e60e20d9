import { Redis } from 'ioredis';

/**
 * The Redis the specs use: `REDIS_HOST` (host:port), else the host:port of `REDIS_URL`, else
 * 127.0.0.1:6379. Test support only; not exported from the package.
 */
export function testRedisHost(env: NodeJS.ProcessEnv = process.env): string {
  if (env['REDIS_HOST']?.trim()) return env['REDIS_HOST'].trim();
  const url = env['REDIS_URL']?.trim();
  if (url) {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  }
  return '127.0.0.1:6379';
}

/** A plain client on the test Redis, for inspecting and cleaning up; fails naming Redis when unreachable. */
export async function openTestRedis(): Promise<Redis> {
  const host = testRedisHost();
  const [name, port] = host.split(':');
  const client = new Redis({ host: name, port: Number(port ?? 6379), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new Error(`these tests need Redis at ${host} (set REDIS_HOST or REDIS_URL): ${String(err)}`);
  }
  return client;
}

/** Deletes every key matching `pattern` (SCAN, so a big database is not blocked). */
export async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
