import { errorMessage } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';

/** The part of an ioredis client the first connection needs (structural: contracts do not import ioredis). */
export interface RedisClientLike {
  readonly status: string;
  connect(): Promise<unknown>;
  disconnect(): void;
  once(event: 'ready', listener: () => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
}

export interface FirstConnectOptions {
  /** Component type for messages, e.g. `state.redis`. */
  what: string;
  /** Address description for messages (see describeRedisAddresses). */
  where: string;
  dialTimeoutMs: number;
  signal: AbortSignal;
  logger: Logger;
}

export type RetryStrategy = (attempt: number) => number | null;

/**
 * Creates a client with `create` and awaits its first connection, bounded by `dialTimeoutMs` and
 * `signal`. Until that first connection succeeds a failure ends the client instead of retrying,
 * so init reports the real cause (e.g. ECONNREFUSED rather than ioredis's "Connection is closed")
 * and nothing keeps reconnecting or holds the process open after a failed init; afterwards the
 * client reconnects with `retry`'s backoff, logging each failure.
 */
export async function openRedisClient<C extends RedisClientLike>(create: (retryStrategy: RetryStrategy) => C, retry: ((attempt: number) => number | null | undefined | void) | null | undefined, how: FirstConnectOptions): Promise<C> {
  how.signal.throwIfAborted();
  let everReady = false;
  const client = create((attempt) => (everReady ? (retry?.(attempt) ?? null) : null));
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
    await Promise.race([client.connect(), bounds]);
  } catch (err) {
    if (client.status !== 'end') client.disconnect();
    if (how.signal.aborted) throw how.signal.reason;
    const cause = lastError ?? err;
    throw new Error(`${how.what}: cannot connect to Redis at ${how.where}: ${errorMessage(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
    if (onAbort) how.signal.removeEventListener('abort', onAbort);
  }
  return client;
}
