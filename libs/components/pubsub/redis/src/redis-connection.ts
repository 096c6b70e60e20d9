import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '@dapr-ts/logger';
import { redisConnectionOptions } from '@dapr-ts/components-common';
import { errorMessage, raceSignal } from '@dapr-ts/kit';
import { redisSettingsOf, type RedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';

/** Shortest wait between reconnect attempts, even when backoff is disabled (-1): avoids a hot loop. */
const MinReconnectDelayMs = 10;

/**
 * ioredis options for the component's metadata (see redisConnectionOptions): a single server, or
 * Sentinels (`failover`) that name the master. Connections start lazily so that
 * {@link connectRedis} controls the first attempt.
 */
export function redisOptionsFrom(md: RedisStreamsPubSubMetadata): RedisOptions {
  return redisConnectionOptions(redisSettingsOf(md), { minReconnectDelayMs: MinReconnectDelayMs });
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

/** Whether a Redis reply error carries `code` (`NOGROUP`, `BUSYGROUP`): Redis puts the code first in the message. */
export function isRedisError(err: unknown, code: string): boolean {
  return errorMessage(err).startsWith(`${code} `);
}
