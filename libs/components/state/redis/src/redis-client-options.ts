import type { RedisOptions } from 'ioredis';
import type { RedisStateMetadata } from './redis-state-metadata';

/**
 * Maps decoded metadata onto ioredis options. The client connects lazily so that `init` can await
 * the first connection and report failure; afterwards ioredis reconnects on its own, backing off
 * between `redisMinRetryInterval` and `redisMaxRetryInterval` like go-redis.
 */
export function redisClientOptions(md: RedisStateMetadata): RedisOptions {
  const tls = md.enableTLS ? { ...(md.clientCert === undefined ? {} : { cert: md.clientCert, key: md.clientKey }) } : undefined;
  const common: RedisOptions = {
    lazyConnect: true,
    db: md.db,
    connectTimeout: md.dialTimeoutMs,
    maxRetriesPerRequest: md.maxRetries,
    retryStrategy: (attempt) => backoff(attempt, md.minRetryIntervalMs, md.maxRetryIntervalMs),
    // A write whose reply was lost must not be re-sent: with an ETag it would fail against its own
    // first application, and without one it would bump the version twice.
    autoResendUnfulfilledCommands: false,
    ...(md.readTimeoutMs === undefined ? {} : { commandTimeout: md.readTimeoutMs }),
    ...(md.username === undefined ? {} : { username: md.username }),
    ...(md.password === undefined ? {} : { password: md.password }),
    ...(tls ? { tls } : {}),
  };
  if (md.sentinelMasterName === undefined) {
    const [address] = md.addresses;
    return { ...common, host: address?.host ?? 'localhost', port: address?.port ?? 6379 };
  }
  return {
    ...common,
    name: md.sentinelMasterName,
    sentinels: md.addresses.map(({ host, port }) => ({ host, port })),
    ...(md.sentinelUsername === undefined ? {} : { sentinelUsername: md.sentinelUsername }),
    ...(md.sentinelPassword === undefined ? {} : { sentinelPassword: md.sentinelPassword }),
    ...(tls ? { sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
  };
}

/** Exponential backoff from `minMs`, capped at `maxMs`. */
export function backoff(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(minMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

/** `host:port` of every address, for log lines and error messages. */
export function describeAddresses(md: RedisStateMetadata): string {
  const list = md.addresses.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');
  return md.sentinelMasterName === undefined ? list : `${list} (Sentinel master ${md.sentinelMasterName})`;
}
