import { Redis } from 'ioredis';
import { BindingOperation, BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import { describeRedisAddresses, redisConnectionOptions, type ComponentMetadata } from '@dapr-ts/components-common';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { parseRedisBindingMetadata } from './redis-binding-metadata';
import { requestTtlSeconds } from './ttl-in-seconds';

/** Options for {@link RedisBinding}. */
export interface RedisBindingOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** The operations of `bindings.redis`, in Dapr's order (contrib bindings/redis). */
export const RedisBindingOperation = {
  Create: BindingOperation.Create,
  Get: BindingOperation.Get,
  Delete: BindingOperation.Delete,
  Increment: 'increment',
} as const;

const Operations: readonly string[] = Object.values(RedisBindingOperation);

/**
 * `bindings.redis`: an output binding on plain Redis strings, as Dapr's:
 *
 * - `create`: `SET key data`, with `EX ttlInSeconds` when the request names one;
 * - `get`: the value's bytes (`GETDEL` when request metadata `delete` is `true`); a missing key
 *   fails, as in Dapr, where go-redis reports `redis: nil`;
 * - `delete`: `DEL key`;
 * - `increment`: `INCR key`, then `EXPIRE` when `ttlInSeconds` is given.
 *
 * Every operation needs request metadata `key`. Writes answer no data (HTTP 204).
 */
export class RedisBinding implements OutputBinding {
  private readonly logger: Logger;
  private client: Redis | undefined;

  constructor(options: RedisBindingOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field) and connects. Fails with an error naming
   * the Redis address when it cannot connect within `dialTimeout` or before `signal` aborts.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseRedisBindingMetadata(metadata.properties);
    await this.close();
    // INCR is not idempotent: a command whose reply was lost must not be sent again.
    const options = redisConnectionOptions(md, { resendUnfulfilled: false });
    let everReady = false;
    // Until the first connection succeeds a failure ends the client, so init reports it and
    // nothing keeps reconnecting after a failed init.
    const retryStrategy = (attempt: number): number | null => (everReady ? options.retryStrategy(attempt) : null);
    const client = new Redis({ ...options, retryStrategy });
    client.once('ready', () => {
      everReady = true;
    });
    const where = describeRedisAddresses(md);
    let lastError: unknown;
    // ioredis emits every failed (re)connect as 'error'; the last one explains a failed connect().
    client.on('error', (err: unknown) => {
      lastError = err;
      if (everReady) this.logger.warn('bindings.redis: connection error, reconnecting', { address: where, error: String(err) });
    });
    try {
      await connectWithin(client, md.dialTimeoutMs, signal);
    } catch (err) {
      if (client.status !== 'end') client.disconnect();
      if (signal.aborted) throw signal.reason;
      const cause = lastError ?? err;
      throw new Error(`bindings.redis: cannot connect to Redis at ${where}: ${messageOf(cause)}`, { cause });
    }
    this.client = client;
    this.logger.info('bindings.redis: connected', { address: where, db: md.db });
  }

  operations(): readonly string[] {
    return Operations;
  }

  async invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    signal.throwIfAborted();
    const client = this.connected();
    const key = request.metadata['key'];
    if (key === undefined || key === '') throw new BindingRequestError('metadata "key" is required');
    switch (request.operation) {
      case RedisBindingOperation.Create: {
        const ttl = requestTtlSeconds(request.metadata);
        const value = Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
        if (ttl === undefined) await client.set(key, value);
        else await client.set(key, value, 'EX', ttl);
        return {};
      }
      case RedisBindingOperation.Get: {
        const value = request.metadata['delete'] === 'true' ? await client.getdelBuffer(key) : await client.getBuffer(key);
        if (value === null) throw new Error(`key "${key}" not found (redis: nil)`);
        return { data: value };
      }
      case RedisBindingOperation.Delete:
        await client.del(key);
        return {};
      case RedisBindingOperation.Increment: {
        const ttl = requestTtlSeconds(request.metadata);
        if (ttl === undefined) await client.incr(key);
        else await client.multi().incr(key).expire(key, ttl).exec();
        return {};
      }
      default:
        throw new BindingRequestError(`invalid operation type: ${request.operation}`);
    }
  }

  /** Closes the connection; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
  }

  private connected(): Redis {
    if (!this.client) throw new Error('bindings.redis: not initialized');
    return this.client;
  }
}

async function connectWithin(client: Redis, timeoutMs: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const bounds = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within dialTimeout (${timeoutMs} ms)`)), timeoutMs);
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([client.connect(), bounds]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}
