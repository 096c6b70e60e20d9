import type { EncodedStateValue } from '@dapr-ts/components-state';
import { identifier, raw, sql, type SqlFragment } from './sql-fragment';
import type { MySqlFlavor } from './mysql-state-value';

/** What a write stores besides the key: the value, the new ETag and the TTL in seconds (or none). */
export interface StoredRow {
  key: string;
  value: EncodedStateValue;
  etag: string;
  ttlSeconds: number | undefined;
}

/**
 * The SQL of `state.mysql`, for one schema and pair of (already validated) table names. The
 * layout is Dapr's (contrib state/mysql), so Go and TypeScript sidecars can share a table:
 *
 * - state: `id` primary key, `value JSON`, `isbinary`, `insertDate`, `updateDate`, `eTag
 *   VARCHAR(36)` (a UUID per write) and `expiredate` (indexed); new tables compare ids as
 *   binary, so keys differing only in case are different keys.
 * - metadata: `id` primary key, `value TEXT`; `last-cleanup` holds the time of the last sweep
 *   of expired rows, so several sidecars sharing a table sweep once per interval.
 *
 * @internal
 */
export class MySqlStateSql {
  private readonly table: SqlFragment;
  private readonly metadataTable: SqlFragment;
  private readonly flavor: MySqlFlavor;

  constructor(names: { schemaName: string; tableName: string; metadataTableName: string }, flavor: MySqlFlavor) {
    this.table = identifier(names.schemaName, names.tableName);
    this.metadataTable = identifier(names.schemaName, names.metadataTableName);
    this.flavor = flavor;
  }

  static createSchema(schemaName: string): SqlFragment {
    return sql`CREATE DATABASE IF NOT EXISTS ${identifier(schemaName)}`;
  }

  createStateTable(): SqlFragment {
    return sql`CREATE TABLE IF NOT EXISTS ${this.table} (
      id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
      value JSON NOT NULL,
      isbinary BOOLEAN NOT NULL,
      insertDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
      updateDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
      eTag VARCHAR(36) NOT NULL,
      expiredate TIMESTAMP NULL,
      INDEX expiredate_idx (expiredate))`;
  }

  /** Tables made by Dapr versions before TTL support (1.11) lack expiredate. */
  static countExpireDateColumns(schemaName: string, tableName: string): SqlFragment {
    return sql`SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = ${schemaName} AND table_name = ${tableName} AND column_name = 'expiredate'`;
  }

  addExpireDate(): SqlFragment {
    return sql`ALTER TABLE ${this.table} ADD COLUMN expiredate TIMESTAMP NULL`;
  }

  addExpireDateIndex(): SqlFragment {
    return sql`CREATE INDEX expiredate_idx ON ${this.table} (expiredate)`;
  }

  createMetadataTable(): SqlFragment {
    return sql`CREATE TABLE IF NOT EXISTS ${this.metadataTable} (id VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT NOT NULL)`;
  }

  /** value (as text), isbinary, eTag and the expiry in epoch seconds (null without TTL); live rows only. */
  get(key: string): SqlFragment {
    return sql`SELECT value, isbinary, eTag, UNIX_TIMESTAMP(expiredate) AS expiresAt FROM ${this.table} WHERE id = ${key} AND ${Live}`;
  }

  /** Inserts, or replaces the row whatever it holds. */
  upsert(row: StoredRow): SqlFragment {
    return sql`${this.insert(row)} ON DUPLICATE KEY UPDATE value = VALUES(value), isbinary = VALUES(isbinary), eTag = VALUES(eTag), expiredate = VALUES(expiredate)`;
  }

  /** Inserts; fails with a duplicate-key error when the id exists (even expired: see {@link replaceExpired}). */
  insert(row: StoredRow): SqlFragment {
    const { value, isBinary } = this.storedValue(row.value);
    return sql`INSERT INTO ${this.table} (id, value, isbinary, eTag, expiredate) VALUES (${row.key}, ${value}, ${isBinary}, ${row.etag}, ${expireDate(row)})`;
  }

  /** Overwrites the row only when it has expired (not yet swept): first-write may take its place. */
  replaceExpired(row: StoredRow): SqlFragment {
    return sql`${this.update(row)} WHERE id = ${row.key} AND expiredate IS NOT NULL AND expiredate <= CURRENT_TIMESTAMP`;
  }

  /** Overwrites the live row only when its ETag is `expected`. */
  updateIfMatch(row: StoredRow, expected: string): SqlFragment {
    return sql`${this.update(row)} WHERE id = ${row.key} AND eTag = ${expected} AND ${Live}`;
  }

  delete(key: string): SqlFragment {
    return sql`DELETE FROM ${this.table} WHERE id = ${key}`;
  }

  deleteIfMatch(key: string, expected: string): SqlFragment {
    return sql`DELETE FROM ${this.table} WHERE id = ${key} AND eTag = ${expected}`;
  }

  /**
   * Claims this sweep (1 or 2 affected rows) unless another ran less than `intervalMs` ago (0).
   * The value is the server's CURRENT_TIMESTAMP as text, as Go Dapr writes it.
   */
  claimCleanup(intervalMs: number): SqlFragment {
    return sql`INSERT INTO ${this.metadataTable} (id, value) VALUES ('last-cleanup', CURRENT_TIMESTAMP) ON DUPLICATE KEY UPDATE value = IF(CURRENT_TIMESTAMP > DATE_ADD(value, INTERVAL ${intervalMs * 1000} MICROSECOND), CURRENT_TIMESTAMP, value)`;
  }

  deleteExpired(): SqlFragment {
    return sql`DELETE FROM ${this.table} WHERE expiredate IS NOT NULL AND expiredate <= CURRENT_TIMESTAMP`;
  }

  private update(row: StoredRow): SqlFragment {
    const { value, isBinary } = this.storedValue(row.value);
    return sql`UPDATE ${this.table} SET value = ${value}, isbinary = ${isBinary}, eTag = ${row.etag}, expiredate = ${expireDate(row)}`;
  }

  /**
   * The `value` and `isbinary` expressions. The JSON is kept as JSON only when the server
   * accepts it (MariaDB's JSON_VALID has limits JSON.parse lacks, such as nesting depth) and,
   * on MySQL, prints it back exactly; otherwise the base64 string is stored with isbinary.
   */
  private storedValue(value: EncodedStateValue): { value: SqlFragment; isBinary: SqlFragment } {
    const binary = { value: sql`JSON_QUOTE(${value.base64})`, isBinary: raw('TRUE') };
    if (value.json === null) return binary;
    let lossless: SqlFragment;
    if (this.flavor === 'mariadb') {
      lossless = sql`COALESCE(JSON_VALID(${value.json}), FALSE)`;
    } else {
      if (value.spacedRendering === null) return binary;
      lossless = sql`COALESCE(CASE WHEN JSON_VALID(${value.json}) THEN CAST(CAST(${value.json} AS JSON) AS CHAR) COLLATE utf8mb4_bin = ${value.spacedRendering} END, FALSE)`;
    }
    return { value: sql`IF(${lossless}, ${value.json}, JSON_QUOTE(${value.base64}))`, isBinary: sql`NOT ${lossless}` };
  }
}

const Live = raw('(expiredate IS NULL OR expiredate > CURRENT_TIMESTAMP)');

function expireDate(row: StoredRow): SqlFragment {
  return row.ttlSeconds === undefined ? raw('NULL') : sql`CURRENT_TIMESTAMP + INTERVAL ${row.ttlSeconds} SECOND`;
}
