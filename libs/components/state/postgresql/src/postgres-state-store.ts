import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { errorMessage, isMetadataError, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  cleanupClaimAgeMs,
  decodeStateValue,
  encodeStateValue,
  ETagError,
  formatExpireTime,
  isETagError,
  parseTtlInSeconds,
  PeriodicCleanup,
  StateFeature,
  TtlExpireTimeKey,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type StoredValueFormat,
  type TransactionalStateStore,
  type TransactionOperation,
  type TransactionRequest,
} from '@dapr-ts/components-state';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { parsePostgresStateMetadata, type PostgresStateMetadata } from './postgres-state-metadata';
import { postgresStateSql, type PostgresStateSql } from './postgres-state-sql';

/** Options for {@link PostgresStateStore}. */
export interface PostgresStateStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** Something that runs a query: the pool, or one client inside a transaction. */
type Queryable = Pick<Pool, 'query'>;

/** Client-side bound added to `timeout`, for when the server cannot even cancel (network gone). */
const QueryTimeoutSlackMs = 5000;

/** jsonb prints JSON back re-rendered (compacted again on read); binary values are base64 JSON strings. */
const ValueFormat: StoredValueFormat = { component: 'state.postgresql', binaryAsJsonString: true, compactJson: true };

/** Largest xid: Dapr parses ETags as unsigned 32-bit numbers. */
const MaxXid = 4_294_967_295;

interface Connected {
  pool: Pool;
  sql: PostgresStateSql;
  md: PostgresStateMetadata;
}

/**
 * `state.postgresql` (v1): state in one Postgres table laid out as Dapr's v1 component lays it
 * out, so Go and TypeScript sidecars can share it (see {@link postgresStateSql}):
 *
 * - the ETag is the row's `xmin`; a write with an ETag is one `UPDATE … WHERE xmin = $etag`, so
 *   compare-and-swap is atomic, and a missing key is a mismatch (as in Dapr);
 * - `first-write` without an ETag is an insert that fails when a live row exists;
 * - `ttlInSeconds` sets `expiredate`; a write without it clears any TTL (as in Dapr). Expired rows
 *   are invisible at once and deleted every `cleanupInterval`, coordinated through the metadata
 *   table's `last-cleanup` row so one sidecar sweeps per interval;
 * - JSON is kept as jsonb when that is lossless, else as base64 with `isbinary` (see
 *   {@link encodeStateValue} and the SQL); `multi` runs in one database transaction, all or nothing.
 */
export class PostgresStateStore implements TransactionalStateStore {
  private readonly logger: Logger;
  private connection: Connected | undefined;
  private cleanup: PeriodicCleanup | undefined;

  constructor(options: PostgresStateStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field), connects and creates the tables if they
   * are missing. Fails with an error naming Postgres and the host when it cannot connect.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parsePostgresStateMetadata(metadata.properties);
    await this.close();
    const pool = new Pool(poolConfig(md));
    // An idle pooled connection that breaks emits 'error'; without a listener Node would crash.
    pool.on('error', (err) => this.logger.warn('state.postgresql: idle connection failed', { error: errorMessage(err) }));
    const sql = postgresStateSql(md.tableName, md.metadataTableName);
    const where = md.connection.where;
    try {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw new Error(`state.postgresql: cannot connect to Postgres at ${where}: ${errorMessage(err)}`, { cause: err });
      }
      try {
        signal.throwIfAborted();
        await inTransaction(client, async () => {
          await client.query(sql.lockSchema, [md.tableName]);
          for (const statement of [sql.createStateTable, sql.addExpireDate, sql.createMetadataTable]) await client.query(statement);
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new Error(`state.postgresql: cannot create tables ${md.tableName} and ${md.metadataTableName} in Postgres at ${where}: ${errorMessage(err)}`, { cause: err });
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end();
      throw err;
    }
    this.connection = { pool, sql, md };
    this.logger.info('state.postgresql: connected', { address: where, table: md.tableName });
    if (md.cleanupIntervalMs === undefined) return;
    this.cleanup = await PeriodicCleanup.start({ component: 'state.postgresql', intervalMs: md.cleanupIntervalMs, logger: this.logger, sweep: (s) => this.cleanupExpired(s) });
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  /** The value, its ETag (`xmin`) and, for a key with a TTL, `ttlExpireTime` (RFC 3339, UTC). */
  async get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined> {
    signal.throwIfAborted();
    const { pool, sql } = this.connected();
    const result = await pool.query<{ value: string; isbinary: boolean; etag: string; expiredate: Date | null }>(sql.get, [request.key]);
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      data: decodeStateValue(row.value, row.isbinary, ValueFormat),
      etag: row.etag,
      ...(row.expiredate ? { metadata: { [TtlExpireTimeKey]: formatExpireTime(row.expiredate.getTime()) } } : {}),
    };
  }

  async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { pool, sql } = this.connected();
    await applyUpsert(pool, sql, request);
  }

  async delete(request: DeleteRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { pool, sql } = this.connected();
    await applyDelete(pool, sql, request);
  }

  /** All operations in one database transaction; each sees the effects of the ones before it. */
  async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const { pool, sql } = this.connected();
    if (request.operations.length === 0) return;
    // Validate everything first, so a bad ETag or TTL fails before any round trip.
    for (const op of request.operations) validate(op);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await inTransaction(client, async () => {
        for (const op of request.operations) {
          signal.throwIfAborted();
          if (op.operation === 'delete') await applyDelete(client, sql, op.request);
          else await applyUpsert(client, sql, op.request);
        }
      });
    } catch (err) {
      if (!isDomainError(err) && !signal.aborted) broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      // A connection whose ROLLBACK may have failed is discarded rather than reused.
      client.release(broken);
    }
  }

  /**
   * Deletes expired rows unless another sidecar (or this one) did within most of the cleanup
   * interval; returns how many rows were deleted. Runs on its own every `cleanupInterval`.
   */
  async cleanupExpired(signal: AbortSignal): Promise<number> {
    signal.throwIfAborted();
    const { pool, sql, md } = this.connected();
    const client = await pool.connect();
    try {
      return await inTransaction(client, async () => {
        const claimed = await client.query(sql.claimCleanup, [cleanupClaimAgeMs(md.cleanupIntervalMs)]);
        if (claimed.rowCount !== 1) return 0;
        return (await client.query(sql.deleteExpired)).rowCount ?? 0;
      });
    } finally {
      client.release();
    }
  }

  /** Stops the cleanup timer and closes the pool; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    await this.cleanup?.stop();
    this.cleanup = undefined;
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await connection.pool.end();
  }

  private connected(): Connected {
    if (!this.connection) throw new Error('state.postgresql: the store is not initialised (call init) or was closed');
    return this.connection;
  }
}

function poolConfig(md: PostgresStateMetadata): PoolConfig {
  return {
    ...md.connection.pool,
    connectionTimeoutMillis: md.connection.connectTimeoutMs ?? md.timeoutMs,
    statement_timeout: md.timeoutMs,
    query_timeout: md.timeoutMs + QueryTimeoutSlackMs,
    ...(md.maxConns === undefined ? {} : { max: md.maxConns }),
    ...(md.connectionMaxIdleTimeMs === undefined ? {} : { idleTimeoutMillis: md.connectionMaxIdleTimeMs }),
  };
}

/** Throws ETagError `invalid` for an ETag that cannot be an xid, and MetadataError for a bad TTL. */
function validate(op: TransactionOperation): void {
  const { etag, key } = op.request;
  if (etag && (!/^\d+$/.test(etag) || Number(etag) > MaxXid)) throw new ETagError('invalid', `etag "${etag}" for key ${key} is not a Postgres xmin`);
  if (op.operation === 'upsert') parseTtlInSeconds(op.request.metadata);
}

async function applyUpsert(db: Queryable, sql: PostgresStateSql, request: SetRequest): Promise<void> {
  validate({ operation: 'upsert', request });
  const ttlMs = parseTtlInSeconds(request.metadata);
  const value = encodeStateValue(request.value);
  // JSON that jsonb would re-render (or refuse, as `\u0000`) is never cast: it is stored as binary.
  const json = value.spacedRendering === null ? null : value.json;
  const params = [request.key, json, value.spacedRendering, value.base64, ttlMs === undefined || ttlMs === -1 ? null : ttlMs / 1000];
  if (request.etag) {
    const result = await db.query(sql.updateIfMatch, [...params, request.etag]);
    if (result.rowCount === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
  } else if (request.options?.concurrency === 'first-write') {
    const result = await db.query(sql.insertIfAbsent, params);
    if (result.rowCount === 0) throw new ETagError('mismatch', `key ${request.key} already exists and first-write concurrency was requested without an etag`);
  } else {
    await db.query(sql.upsert, params);
  }
}

async function applyDelete(db: Queryable, sql: PostgresStateSql, request: DeleteRequest): Promise<void> {
  validate({ operation: 'delete', request });
  if (!request.etag) {
    await db.query(sql.delete, [request.key]);
    return;
  }
  const result = await db.query(sql.deleteIfMatch, [request.key, request.etag]);
  if (result.rowCount === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
}

/** BEGIN, `work`, COMMIT; ROLLBACK (and rethrow) when `work` fails. */
async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  await client.query('COMMIT');
  return result;
}

/** Errors of the state contract, after which the connection is still healthy. */
function isDomainError(err: unknown): boolean {
  return isETagError(err) || isMetadataError(err);
}
