import type { ComponentMetadata } from '@dapr-ts/components-common';
import {
  cleanupClaimAgeMs,
  decodeStateValue,
  formatExpireTime,
  PeriodicCleanup,
  StateFeature,
  TtlExpireTimeKey,
  type DeleteRequest,
  type GetRequest,
  type GetResponse,
  type SetRequest,
  type TransactionalStateStore,
  type TransactionRequest,
} from '@dapr-ts/components-state';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { SqliteDatabase } from './sqlite-database';
import { parseSqliteStateMetadata, type SqliteStateMetadata } from './sqlite-state-metadata';
import { DaprMigrationLevel, sqliteStateSql, type SqliteStateSql } from './sqlite-state-sql';
import { applyDelete, applyUpsert, checkKey, validate, ValueFormat } from './sqlite-state-writes';

/** Options for {@link SqliteStateStore}. */
export interface SqliteStateStoreOptions {
  /** Component-scoped logger; defaults to a nop logger. */
  logger?: Logger;
}

interface Opened {
  db: SqliteDatabase;
  sql: SqliteStateSql;
  md: SqliteStateMetadata;
}

/**
 * `state.sqlite`: durable local state in one SQLite file (or in memory), laid out as Dapr's
 * component lays it out, so Go and TypeScript sidecars can share the file (see
 * {@link sqliteStateSql}). SQLite runs as WebAssembly (node-sqlite3-wasm): nothing to compile
 * or download.
 *
 * - One connection per store; operations run one at a time and each is atomic (see
 *   {@link SqliteDatabase}). Several stores or sidecars may share a file: SQLite's lock
 *   serialises them, and a store waits up to `busyTimeout` for it.
 * - The ETag is a UUID written with every change; ETag writes and first-write are single
 *   conditional statements; `multi` is one transaction, all or nothing.
 * - `ttlInSeconds` sets `expiration_time`; expired rows are invisible at once and deleted every
 *   `cleanupInterval` (off by default, as in Dapr).
 * - The rollback journal is used, never WAL: WAL needs shared memory, which the WebAssembly
 *   driver lacks (it would otherwise lock every other process out of the file). `disableWAL` is
 *   accepted for compatibility; durability is the same (synchronous=FULL).
 */
export class SqliteStateStore implements TransactionalStateStore {
  private readonly logger: Logger;
  private opened: Opened | undefined;
  private cleanup: PeriodicCleanup | undefined;

  constructor(options: SqliteStateStoreOptions = {}) {
    this.logger = options.logger ?? nopLogger();
  }

  /**
   * Decodes metadata (MetadataError naming the field), opens the database and creates the
   * tables when missing, as Dapr's migrations do.
   */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = parseSqliteStateMetadata(metadata.properties);
    await this.close();
    const db = await SqliteDatabase.open(md.connection, { busyTimeoutMs: md.busyTimeoutMs, timeoutMs: md.timeoutMs });
    const sql = sqliteStateSql(md.tableName, md.metadataTableName);
    try {
      await db.use(() => (md.connection.readOnly ? checkTables(db, md) : migrate(db, sql)), signal);
    } catch (err) {
      await db.close();
      throw err;
    }
    this.opened = { db, sql, md };
    this.logger.info('state.sqlite: opened', { database: db.path, table: md.tableName });
    if (md.cleanupIntervalMs === undefined) return;
    this.cleanup = await PeriodicCleanup.start({ component: 'state.sqlite', intervalMs: md.cleanupIntervalMs, logger: this.logger, sweep: (s) => this.cleanupExpired(s) });
  }

  features(): readonly StateFeature[] {
    return [StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL];
  }

  /** The value, its ETag and, for a key with a TTL, `ttlExpireTime` (RFC 3339, UTC). */
  async get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined> {
    checkKey(request.key);
    const { db, sql } = this.ready();
    const row = await db.use(() => db.get(sql.get, [request.key]), signal);
    if (!row) return undefined;
    // TEXT comes back as a string; a value some other writer stored as a BLOB (SQLite columns take any type) as bytes.
    const value = typeof row['value'] === 'string' ? row['value'] : Buffer.from(row['value'] as Uint8Array).toString('utf8');
    const expires = typeof row['expiration_time'] === 'string' ? Date.parse(`${row['expiration_time'].replace(' ', 'T')}Z`) : NaN;
    return {
      data: decodeStateValue(value, Number(row['is_binary']) !== 0, ValueFormat),
      etag: String(row['etag']),
      ...(Number.isNaN(expires) ? {} : { metadata: { [TtlExpireTimeKey]: formatExpireTime(expires) } }),
    };
  }

  async set(request: SetRequest, signal: AbortSignal): Promise<void> {
    const { db, sql } = this.ready();
    await db.use(() => applyUpsert(db, sql, request), signal);
  }

  async delete(request: DeleteRequest, signal: AbortSignal): Promise<void> {
    const { db, sql } = this.ready();
    await db.use(() => applyDelete(db, sql, request), signal);
  }

  /** All operations in one transaction; each sees the effects of the ones before it. */
  async multi(request: TransactionRequest, signal: AbortSignal): Promise<void> {
    const { db, sql } = this.ready();
    if (request.operations.length === 0) return;
    for (const op of request.operations) validate(op);
    await db.use(
      () =>
        db.transaction(() => {
          for (const op of request.operations) {
            if (op.operation === 'delete') applyDelete(db, sql, op.request);
            else applyUpsert(db, sql, op.request);
          }
        }),
      signal,
    );
  }

  /**
   * Deletes expired rows unless another sidecar (or this one) did within most of the cleanup
   * interval; returns how many rows were deleted. Runs on its own every `cleanupInterval`.
   */
  async cleanupExpired(signal: AbortSignal): Promise<number> {
    const { db, sql, md } = this.ready();
    const claimAge = cleanupClaimAgeMs(md.cleanupIntervalMs);
    return db.use(() => db.transaction(() => (db.change(sql.claimCleanup, [claimAge]) === 0 ? 0 : db.change(sql.deleteExpired))), signal);
  }

  /** Stops the cleanup timer and closes the database; a later `init` opens it again. Idempotent. */
  async close(): Promise<void> {
    await this.cleanup?.stop();
    this.cleanup = undefined;
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await opened.db.close();
  }

  private ready(): Opened {
    if (!this.opened) throw new Error('state.sqlite: the store is not initialised (call init) or was closed');
    return this.opened;
  }
}

/**
 * Dapr's migrations, in one transaction: the metadata table, then (below level 1) the state
 * table. The table and index are created even at level 1 when missing, so a dropped table
 * comes back rather than failing every call.
 */
function migrate(db: SqliteDatabase, sql: SqliteStateSql): void {
  db.transaction(() => {
    db.exec(sql.createMetadataTable);
    db.exec(sql.createStateTable);
    db.exec(sql.createExpirationIndex);
    const level = Number(db.get(sql.migrationLevel)?.['value'] ?? 0);
    if (!(level >= DaprMigrationLevel)) db.change(sql.setMigrationLevel, [String(DaprMigrationLevel)]);
  });
}

/** A read-only database cannot be migrated: its state table must exist already. */
function checkTables(db: SqliteDatabase, md: SqliteStateMetadata): void {
  const found = db.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?1`, [md.tableName]);
  if (!found) throw new Error(`state.sqlite: ${md.connection.path} is opened read-only and has no table ${md.tableName}`);
}
