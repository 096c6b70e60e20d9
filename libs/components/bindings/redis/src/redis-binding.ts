import { Redis } from 'ioredis';
import { BindingOperation, BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import { describeRedisAddresses, openRedisClient, redisConnectionOptions, type ComponentMetadata } from '@dapr-ts/components-common';
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
    const where = describeRedisAddresses(md);
    const client = await openRedisClient((retryStrategy) => new Redis({ ...options, retryStrategy }), options.retryStrategy, { what: 'bindings.redis', where, dialTimeoutMs: md.dialTimeoutMs, signal, logger: this.logger });
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
