import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { isMetadataError, type ComponentMetadata } from '@dapr-ts/components-common';
import {
  cleanupClaimAgeMs,
  decodeStateValue,
  formatExpireTime,
  isETagError,
  PeriodicCleanup,
  StateFeature,
  TtlExpireTimeKey,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type StoredValueFormat,
  type TransactionalStateStore,
  type TransactionRequest,
} from '@dapr-ts/components-state';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { errnoOf, MySqlErrno, MySqlPool, prepareSchema, run } from './mysql-connection';
import { parseMySqlStateMetadata, type MySqlStateMetadata } from './mysql-state-metadata';
import { MySqlStateSql } from './mysql-state-sql';
import { mysqlValueFormat } from './mysql-state-value';
import { applyDelete, applyUpsert, validate, type WriteContext } from './mysql-state-writes';

/** Options for {@link MySqlStateStore}. */
export interface MySqlStateStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

/** How often a transaction the server chose as a deadlock victim is run again before failing. */
const DeadlockAttempts = 3;

interface Connected {
  pool: MySqlPool;
  sql: MySqlStateSql;
  md: MySqlStateMetadata;
  valueFormat: StoredValueFormat;
}

/**
 * `state.mysql`, for MySQL and MariaDB: state in one table laid out as Dapr's component lays it
 * out, so Go and TypeScript sidecars can share it (see {@link MySqlStateSql}):
 *
 * - the ETag is a UUID written with every change; a write with an ETag is one conditional
 *   UPDATE, so compare-and-swap is atomic, and a missing key is a mismatch (as in Dapr);
 * - `first-write` without an ETag relies on the primary key: of concurrent creators, one wins;
 * - `ttlInSeconds` sets `expiredate`; expired rows are invisible at once and deleted every
 *   `cleanupInterval`, coordinated through the metadata table so one sidecar sweeps per interval;
 * - `multi` runs in one database transaction, all or nothing, retried when the server picks it
 *   as a deadlock victim.
 */
export class MySqlStateStore implements TransactionalStateStore {
  private readonly logger: Logger;
  private connection: Connected | undefined;
  private cleanup: PeriodicCleanup | undefined;

  constructor(options: MySqlStateStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field), connects, and creates the schema and
   * tables when missing. Fails with an error naming MySQL/MariaDB and the address when it
   * cannot connect.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseMySqlStateMetadata(metadata.properties);
    await this.close();
    const flavor = await prepareSchema(md, this.logger);
    signal.throwIfAborted();
    this.connection = { pool: new MySqlPool(md, this.logger), sql: new MySqlStateSql(md, flavor), md, valueFormat: mysqlValueFormat(flavor) };
    this.logger.info('state.mysql: connected', { address: md.connection.where, schema: md.schemaName, table: md.tableName, server: flavor });
    if (md.cleanupIntervalMs === undefined) return;
    this.cleanup = await PeriodicCleanup.start({ component: 'state.mysql', intervalMs: md.cleanupIntervalMs, logger: this.logger, sweep: (s) => this.cleanupExpired(s) });
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  /** The value, its ETag and, for a key with a TTL, `ttlExpireTime` (RFC 3339, UTC). */
  async get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined> {
    signal.throwIfAborted();
    const { sql, md, valueFormat } = this.connected();
    const [row] = await this.withConnection((db) => run<RowDataPacket[]>(db, sql.get(request.key), md.timeoutMs));
    if (!row) return undefined;
    const expiresAt = row['expiresAt'] === null ? undefined : Number(row['expiresAt']);
    return {
      data: decodeStateValue(String(row['value']), Number(row['isbinary']) !== 0, valueFormat),
      etag: String(row['eTag']),
      ...(expiresAt === undefined ? {} : { metadata: { [TtlExpireTimeKey]: formatExpireTime(expiresAt * 1000) } }),
    };
  }

  async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    await this.withConnection((db) => applyUpsert(this.writeContext(db), request));
  }

  async delete(request: DeleteRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    await this.withConnection((db) => applyDelete(this.writeContext(db), request));
  }

  /** All operations in one database transaction; each sees the effects of the ones before it. */
  async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.connected();
    if (request.operations.length === 0) return;
    // Validate everything first, so a bad ETag or TTL fails before any round trip.
    for (const op of request.operations) validate(op);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.withConnection((db) => this.inTransaction(db, signal, request));
        return;
      } catch (err) {
        if (errnoOf(err) !== MySqlErrno.LockDeadlock || attempt >= DeadlockAttempts) throw err;
        this.logger.debug('state.mysql: transaction chosen as a deadlock victim; running it again', { attempt });
      }
    }
  }

  /**
   * Deletes expired rows unless another sidecar (or this one) did within most of the cleanup
   * interval; returns how many rows were deleted. Runs on its own every `cleanupInterval`.
   */
  async cleanupExpired(signal: AbortSignal): Promise<number> {
    signal.throwIfAborted();
    const { sql, md } = this.connected();
    return this.withConnection(async (db) => {
      const claimed = await run<ResultSetHeader>(db, sql.claimCleanup(cleanupClaimAgeMs(md.cleanupIntervalMs)), md.timeoutMs);
      if (claimed.affectedRows === 0) return 0;
      return (await run<ResultSetHeader>(db, sql.deleteExpired(), md.timeoutMs)).affectedRows;
    });
  }

  /** Stops the cleanup timer and closes the pool; a later `init` reconnects. Idempotent. */
  async close(): Promise<void> {
    await this.cleanup?.stop();
    this.cleanup = undefined;
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await connection.pool.end();
  }

  private async inTransaction(db: PoolConnection, signal: AbortSignal, request: TransactionRequest): Promise<void> {
    const ctx = this.writeContext(db);
    await db.beginTransaction();
    try {
      for (const op of request.operations) {
        signal.throwIfAborted();
        if (op.operation === 'delete') await applyDelete(ctx, op.request);
        else await applyUpsert(ctx, op.request);
      }
    } catch (err) {
      await db.rollback();
      throw err;
    }
    await db.commit();
  }

  /** Runs `work` on a pooled connection; a connection that failed other than by a domain error is closed. */
  private async withConnection<T>(work: (db: PoolConnection) => Promise<T>): Promise<T> {
    const { pool } = this.connected();
    const db = await pool.acquire();
    let broken = false;
    try {
      return await work(db);
    } catch (err) {
      broken = !isETagError(err) && !isMetadataError(err) && errnoOf(err) === undefined;
      throw err;
    } finally {
      pool.release(db, broken);
    }
  }

  private writeContext(db: PoolConnection): WriteContext {
    const { sql, md } = this.connected();
    return { db, sql, timeoutMs: md.timeoutMs };
  }

  private connected(): Connected {
    if (!this.connection) throw new Error('state.mysql: the store is not initialised (call init) or was closed');
    return this.connection;
  }
}
