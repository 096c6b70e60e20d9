import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@dapr-ts/logger';

export interface ConnectRedisOptions {
  /** Component type for messages, e.g. `configuration.redis`. */
  what: string;
  /** Address description for messages. */
  where: string;
  dialTimeoutMs: number;
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Opens a client and awaits its first connection, bounded by `dialTimeoutMs` and `signal`. Until
 * that first connection succeeds a failure ends the client instead of retrying, so the caller
 * gets the real cause (e.g. ECONNREFUSED) and nothing keeps reconnecting after a failed init;
 * afterwards ioredis reconnects with the backoff of `options.retryStrategy`.
 */
export async function connectRedis(options: RedisOptions, how: ConnectRedisOptions): Promise<Redis> {
  let everReady = false;
  const retryStrategy = (attempt: number): number | null => (everReady ? (options.retryStrategy?.(attempt) ?? null) : null);
  const client = new Redis({ ...options, lazyConnect: true, retryStrategy });
  client.once('ready', () => {
    everReady = true;
  });
  // ioredis emits every failed (re)connect as 'error'; without a listener Node would crash.
  let lastError: unknown;
  client.on('error', (err: unknown) => {
    lastError = err;
    if (everReady) how.logger.warn(`${how.what}: connection error, reconnecting`, { address: how.where, error: String(err) });
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const bounds = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within dialTimeout (${how.dialTimeoutMs} ms)`)), how.dialTimeoutMs);
    onAbort = () => reject(how.signal.reason);
    how.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    how.signal.throwIfAborted();
    await Promise.race([client.connect(), bounds]);
  } catch (err) {
    if (client.status !== 'end') client.disconnect();
    if (how.signal.aborted) throw how.signal.reason;
    const cause = lastError ?? err;
    throw new Error(`${how.what}: cannot connect to Redis at ${how.where}: ${messageOf(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
    if (onAbort) how.signal.removeEventListener('abort', onAbort);
  }
  return client;
}

export function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}
