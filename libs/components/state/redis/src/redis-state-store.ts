import { Redis } from 'ioredis';
import { describeRedisAddresses, openRedisClient, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  ETagError,
  StateFeature,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type TransactionalStateStore,
  type TransactionOperation,
  type TransactionRequest,
} from '@dapr-ts/components-state';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { redisClientOptions } from './redis-client-options';
import { parseRedisStateMetadata, type RedisStateMetadata } from './redis-state-metadata';
import { defineStateScripts, type StateScripts } from './redis-state-scripts';
import { formatExpireTime, parseTtlInSeconds, TtlExpireTimeKey } from '@dapr-ts/components-state';

/** Options for {@link RedisStateStore}. */
export interface RedisStateStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/**
 * `state.redis`: state in Redis, laid out as Dapr lays it out (contrib state/redis), so a sidecar
 * of either kind reads the other's data:
 *
 * - each key is a hash `{data, version}`; the ETag is `version`, bumped on every write;
 * - an ETag on a missing key passes; a non-numeric one is `invalid`, a different one a `mismatch`;
 * - `first-write` without an ETag fails when the key exists;
 * - `ttlInSeconds` (request, else the component default) sets EXPIRE, `-1` removes any TTL, and a
 *   write without either keeps the key's current TTL (Redis semantics, as in Dapr).
 *
 * Concurrency: every write runs as one Lua script, atomic in Redis, so ETag checks are
 * compare-and-swap across any number of sidecars and `multi` applies all operations or none.
 */
export class RedisStateStore implements TransactionalStateStore {
  private readonly logger: Logger;
  private client: (Redis & StateScripts) | undefined;
  private metadata: RedisStateMetadata | undefined;

  constructor(options: RedisStateStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field) and connects. Fails with an error naming
   * the Redis address when it cannot connect within `dialTimeout` or before `signal` aborts.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseRedisStateMetadata(metadata.properties);
    if (md.queryIndexes !== undefined) this.logger.warn('state.redis: queryIndexes is ignored; the Query API is not supported by this runtime');
    await this.close();
    const options = redisClientOptions(md);
    const where = describeRedisAddresses(md);
    const client = await openRedisClient((retryStrategy) => defineStateScripts(new Redis({ ...options, retryStrategy })), options.retryStrategy, { what: 'state.redis', where, dialTimeoutMs: md.dialTimeoutMs, signal, logger: this.logger });
    this.client = client;
    this.metadata = md;
    this.logger.info('state.redis: connected', { address: where, db: md.db });
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  /** The value, its ETag and, for a key with a TTL, `ttlExpireTime` (RFC 3339, UTC, whole seconds). */
  async get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined> {
    signal.throwIfAborted();
    const reply = await this.connected().daprStateGetBuffer(request.key);
    if (!reply) return undefined;
    const [data, version, pttl] = reply;
    return {
      data,
      ...(version.length === 0 ? {} : { etag: version.toString() }),
      ...(pttl > 0 ? { metadata: { [TtlExpireTimeKey]: formatExpireTime(Date.now() + pttl) } } : {}),
    };
  }

  async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    await this.commit([{ operation: 'upsert', request }], signal);
  }

  async delete(request: DeleteRequest, signal: AbortSignal): Promise<void> {
    await this.commit([{ operation: 'delete', request }], signal);
  }

  /** All operations or none; each is checked against the effects of the ones before it. */
  async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    await this.commit(request.operations, signal);
  }

  /** Closes the connection; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.quit();
    } catch {
      // Already disconnected: nothing left to release.
      client.disconnect();
    }
  }

  /**
   * Validates every operation (bad TTL → MetadataError, malformed ETag → ETagError `invalid`)
   * before anything is sent, then runs the commit script, which writes all or nothing.
   */
  private async commit(operations: readonly TransactionOperation[], signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const client = this.connected();
    if (operations.length === 0) return;
    const keys: string[] = [];
    const args: (string | Buffer)[] = [];
    for (const op of operations) {
      const { key, etag } = op.request;
      if (etag && !/^\d+$/.test(etag)) throw new ETagError('invalid', `etag "${etag}" for key ${key} is not a version number`);
      keys.push(key);
      if (op.operation === 'delete') {
        args.push('del', etag ?? '', '0', '', '');
      } else {
        const firstWrite = op.request.options?.concurrency === 'first-write' ? '1' : '0';
        args.push('set', etag ?? '', firstWrite, this.ttlArgument(op.request.metadata), op.request.value);
      }
    }
    const reply = await client.daprStateCommit(keys.length, ...keys, ...args);
    if (reply[0] === 0) return;
    const [index, reason, stored] = reply;
    const failed = operations[index - 1]?.request;
    const key = failed?.key ?? '';
    if (reason === 'exists') throw new ETagError('mismatch', `key ${key} already exists and first-write concurrency was requested without an etag`);
    throw new ETagError('mismatch', `etag "${failed?.etag ?? ''}" for key ${key} does not match the stored version "${stored}"`);
  }

  /** The script's ttl argument: seconds, `-1` to remove a TTL, or `''` to keep the key's TTL. */
  private ttlArgument(metadata: Readonly<Record<string, string>>): string {
    const ttlMs = parseTtlInSeconds(metadata);
    if (ttlMs !== undefined) return ttlMs === -1 ? '-1' : String(ttlMs / 1000);
    const fallback = this.metadata?.ttlInSeconds;
    return fallback === undefined ? '' : String(fallback);
  }

  private connected(): Redis & StateScripts {
    if (!this.client) throw new Error('state.redis: the store is not initialised (call init) or was closed');
    return this.client;
  }
}
