import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '@dapr-ts/logger';
import type { RedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';

/** Shortest wait between reconnect attempts, even when backoff is disabled (-1): avoids a hot loop. */
const MinReconnectDelayMs = 10;

/**
 * ioredis options for the component's metadata: a single server, or Sentinels (`failover`) that
 * name the master. Connections start lazily so that {@link connectRedis} controls the first
 * attempt; reconnects back off from `redisMinRetryInterval`, doubling up to `redisMaxRetryInterval`.
 */
export function redisOptionsFrom(md: RedisStreamsPubSubMetadata): RedisOptions {
  const tls = md.enableTLS ? { ...(md.clientCert === undefined ? {} : { cert: md.clientCert }), ...(md.clientKey === undefined ? {} : { key: md.clientKey }) } : undefined;
  const common: RedisOptions = {
    ...(md.redisUsername === undefined ? {} : { username: md.redisUsername }),
    ...(md.redisPassword === undefined ? {} : { password: md.redisPassword }),
    db: md.redisDB,
    connectTimeout: md.dialTimeoutMs,
    ...(md.readTimeoutMs === undefined ? {} : { commandTimeout: md.readTimeoutMs }),
    maxRetriesPerRequest: md.redisMaxRetries,
    retryStrategy: (attempt) => Math.max(MinReconnectDelayMs, Math.min(md.redisMaxRetryIntervalMs, md.redisMinRetryIntervalMs * 2 ** Math.max(0, attempt - 1))),
    lazyConnect: true,
    ...(tls === undefined ? {} : { tls }),
  };
  const [first] = md.addresses;
  if (!md.failover) return { ...common, host: first?.host ?? '127.0.0.1', port: first?.port ?? 6379 };
  return {
    ...common,
    sentinels: md.addresses.map(({ host, port }) => ({ host, port })),
    ...(md.sentinelMasterName === undefined ? {} : { name: md.sentinelMasterName }),
    ...(md.sentinelUsername === undefined ? {} : { sentinelUsername: md.sentinelUsername }),
    ...(md.sentinelPassword === undefined ? {} : { sentinelPassword: md.sentinelPassword }),
    ...(tls === undefined ? {} : { enableTLSForSentinelMode: true, sentinelTLS: tls }),
  };
}

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** `redisHost` as configured, named in errors. */
  target: string;
  logger: Logger;
  /** What the connection is for, in logs (`commands`, `subscription orders`). */
  purpose: string;
}

/**
 * Opens `client` (created with `lazyConnect`) and checks it with PING. Rejects, naming the target,
 * when the first attempt fails or `signal` aborts; the client is then disconnected, so it stops
 * retrying. Later connection errors are logged (ioredis reconnects by itself).
 */
export async function connectRedis(client: Redis, options: ConnectRedisOptions, signal: AbortSignal): Promise<void> {
  let lastError: unknown;
  // ioredis emits 'error' on every failed attempt; without a listener it prints to the console.
  client.on('error', (err: unknown) => {
    lastError = err;
    options.logger.debug('redis connection error', { purpose: options.purpose, redisHost: options.target, error: errorMessage(err) });
  });
  try {
    signal.throwIfAborted();
    await raceSignal(client.connect(), signal);
    await raceSignal(client.ping(), signal);
  } catch (err) {
    client.disconnect();
    if (signal.aborted) throw signal.reason;
    const cause = lastError ?? err;
    throw new Error(`pubsub.redis: cannot connect to Redis at ${options.target}: ${errorMessage(cause)}`, { cause });
  }
}

/** Settles like `promise`, or rejects with the abort reason first. The operation itself goes on. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/** The error's message, duck-typed (instanceof Error fails across Jest's module realms). */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}

/** Whether a Redis reply error carries `code` (`NOGROUP`, `BUSYGROUP`): Redis puts the code first in the message. */
export function isRedisError(err: unknown, code: string): boolean {
  return errorMessage(err).startsWith(`${code} `);
}
