/**
 * The SQL of `state.sqlite`, for one pair of (already validated) table names. The layout is
 * Dapr's (contrib state/sqlite), so Go and TypeScript sidecars can share a file:
 *
 * - state: `key` primary key, `value` (JSON text, or base64 with `is_binary`), `etag` (a UUID per
 *   write), `expiration_time` and `update_time` as `YYYY-MM-DD HH:MM:SS` UTC text;
 * - metadata: `key` primary key, `value`; `migrations` holds Dapr's schema level (1), and
 *   `last-cleanup` the time of the last sweep of expired rows.
 *
 * Statements take positional parameters, listed in each comment.
 *
 * @internal
 */
export interface SqliteStateSql {
  createMetadataTable: string;
  createStateTable: string;
  createExpirationIndex: string;
  /** → value of `migrations`. */
  migrationLevel: string;
  /** `?` level. */
  setMigrationLevel: string;
  /** `?` key → value, is_binary, etag, expiration_time; live rows only. */
  get: string;
  /** key, value, is_binary, etag, expiry modifier (`+N seconds`, or null for none). */
  upsert: string;
  /** As {@link upsert}, but changes nothing (0 rows) when a live row holds the key. */
  insertIfAbsent: string;
  /** value, is_binary, etag, expiry modifier, key, expected etag; live rows only. */
  updateIfMatch: string;
  /** key. */
  delete: string;
  /** key, expected etag. */
  deleteIfMatch: string;
  /** Claims this sweep (1 row) unless another ran less than `?` milliseconds ago (0 rows). */
  claimCleanup: string;
  deleteExpired: string;
}

/** What Dapr's schema migrations reach: level 1 is "state table created". */
export const DaprMigrationLevel = 1;

const Live = `(expiration_time IS NULL OR expiration_time > CURRENT_TIMESTAMP)`;
/** `datetime('now', '+N seconds')`: the same text form as CURRENT_TIMESTAMP, so the two compare. */
const Expiry = `CASE WHEN ?5 IS NULL THEN NULL ELSE datetime('now', ?5) END`;

export function sqliteStateSql(tableName: string, metadataTableName: string): SqliteStateSql {
  const t = `"${tableName}"`;
  const md = `"${metadataTableName}"`;
  const insert = `INSERT INTO ${t} (key, value, is_binary, etag, update_time, expiration_time) VALUES (?1, ?2, ?3, ?4, CURRENT_TIMESTAMP, ${Expiry}) ON CONFLICT (key) DO UPDATE SET value = excluded.value, is_binary = excluded.is_binary, etag = excluded.etag, update_time = excluded.update_time, expiration_time = excluded.expiration_time`;
  return {
    createMetadataTable: `CREATE TABLE IF NOT EXISTS ${md} (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)`,
    createStateTable: `CREATE TABLE IF NOT EXISTS ${t} (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, is_binary BOOLEAN NOT NULL, etag TEXT NOT NULL, expiration_time TIMESTAMP DEFAULT NULL, update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
    createExpirationIndex: `CREATE INDEX IF NOT EXISTS "idx_${tableName}_expiration_time" ON ${t} (expiration_time)`,
    migrationLevel: `SELECT value FROM ${md} WHERE key = 'migrations'`,
    setMigrationLevel: `INSERT INTO ${md} (key, value) VALUES ('migrations', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    get: `SELECT value, is_binary, etag, expiration_time FROM ${t} WHERE key = ?1 AND ${Live}`,
    upsert: insert,
    insertIfAbsent: `${insert} WHERE ${t}.expiration_time IS NOT NULL AND ${t}.expiration_time <= CURRENT_TIMESTAMP`,
    updateIfMatch: `UPDATE ${t} SET value = ?2, is_binary = ?3, etag = ?4, update_time = CURRENT_TIMESTAMP, expiration_time = ${Expiry} WHERE key = ?1 AND etag = ?6 AND ${Live}`,
    delete: `DELETE FROM ${t} WHERE key = ?1`,
    deleteIfMatch: `DELETE FROM ${t} WHERE key = ?1 AND etag = ?2`,
    claimCleanup: `INSERT INTO ${md} AS m (key, value) VALUES ('last-cleanup', CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE julianday(m.value) IS NULL OR (julianday('now') - julianday(m.value)) * 86400000 >= ?1`,
    deleteExpired: `DELETE FROM ${t} WHERE expiration_time IS NOT NULL AND expiration_time <= CURRENT_TIMESTAMP`,
  };
}
