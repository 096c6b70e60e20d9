import type { RedisOptions } from 'ioredis';
import type { RedisLockMetadata } from './redis-lock-metadata';

/**
 * Maps decoded metadata onto ioredis options. The client connects lazily so that `init` can await
 * the first connection and report failure; afterwards ioredis reconnects on its own, backing off
 * between `redisMinRetryInterval` and `redisMaxRetryInterval` like go-redis.
 */
export function redisLockClientOptions(md: RedisLockMetadata): RedisOptions {
  const tls = md.enableTLS ? { ...(md.clientCert === undefined ? {} : { cert: md.clientCert, key: md.clientKey }) } : undefined;
  return {
    host: md.host,
    port: md.port,
    lazyConnect: true,
    db: md.db,
    connectTimeout: md.dialTimeoutMs,
    maxRetriesPerRequest: md.maxRetries,
    retryStrategy: (attempt) => Math.min(md.minRetryIntervalMs * 2 ** Math.max(0, attempt - 1), md.maxRetryIntervalMs),
    // A SET NX whose reply was lost must not be re-sent: the retry would meet the lock it had
    // just taken and report "held" to the caller who in fact holds it.
    autoResendUnfulfilledCommands: false,
    ...(md.readTimeoutMs === undefined ? {} : { commandTimeout: md.readTimeoutMs }),
    ...(md.username === undefined ? {} : { username: md.username }),
    ...(md.password === undefined ? {} : { password: md.password }),
    ...(tls ? { tls } : {}),
  };
}

/** `host:port`, bracketing IPv6 hosts, for log lines and error messages. */
export function describeAddress(md: RedisLockMetadata): string {
  return md.host.includes(':') ? `[${md.host}]:${md.port}` : `${md.host}:${md.port}`;
}
