/**
 * The SQL of `state.postgresql` v1, for one pair of (already validated) table names. The layout is
 * Dapr's v1 layout (docs "PostgreSQL v1"), so Go and TypeScript sidecars can share a table:
 *
 * - state: `key text` primary key, `value jsonb`, `isbinary boolean`, `insertdate`, `updatedate`
 *   and `expiredate` (timestamp with time zone); the ETag is the row's `xmin`.
 * - metadata: `key text` primary key, `value text`; `last-cleanup` holds the time of the last
 *   sweep of expired rows, so several sidecars sharing a table sweep once per interval.
 *
 * Table names are interpolated unquoted (as Go Dapr does), so Postgres folds them to lower case.
 *
 * @internal
 */
export interface PostgresStateSql {
  createStateTable: string;
  /** Tables made by Dapr versions before TTL support lack expiredate. */
  addExpireDate: string;
  createMetadataTable: string;
  /** Serialises concurrent schema creation by several sidecars: `$1` is the table name. */
  lockSchema: string;
  /** `$1` key → value (as text), isbinary, etag, expiredate; expired rows are not returned. */
  get: string;
  /** `$1` key, `$2` JSON text or null, `$3` its jsonb rendering, `$4` base64, `$5` TTL seconds or null. */
  upsert: string;
  /** As {@link upsert}, but inserts only when the key is absent (or expired): 0 rows when it exists. */
  insertIfAbsent: string;
  /** As {@link upsert} plus `$6` ETag: updates only the live row with that `xmin`. */
  updateIfMatch: string;
  /** `$1` key. */
  delete: string;
  /** `$1` key, `$2` ETag. */
  deleteIfMatch: string;
  /** Claims this sweep (1 row) unless another ran less than `$1` milliseconds ago (0 rows). */
  claimCleanup: string;
  deleteExpired: string;
}

/**
 * The jsonb to store: the JSON itself when Postgres renders it back unchanged, else the base64
 * string. jsonb re-formats what it stores (`{"a":1}` comes back as `{"a": 1}`, keys re-ordered),
 * and the state API must return the bytes that were saved, so JSON is kept as jsonb only when
 * Postgres prints it exactly as the spaced rendering of the input (see the components-state
 * `encodeStateValue`); reading compacts it again. Postgres is the authority on its own format.
 */
const StoredValue = `SELECT CASE WHEN $2::jsonb::text = $3::text THEN $2::jsonb END AS doc`;
const ExpireDate = `CURRENT_TIMESTAMP + $5::integer * interval '1 second'`;
const ValueColumns = `COALESCE(v.doc, to_jsonb($4::text)), v.doc IS NULL, ${ExpireDate}`;
const Live = (alias: string): string => `(${alias}.expiredate IS NULL OR ${alias}.expiredate > CURRENT_TIMESTAMP)`;

export function postgresStateSql(tableName: string, metadataTableName: string): PostgresStateSql {
  const t = tableName;
  const insert = `INSERT INTO ${t} AS s (key, value, isbinary, expiredate) SELECT $1, ${ValueColumns} FROM (${StoredValue}) v ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, isbinary = EXCLUDED.isbinary, updatedate = CURRENT_TIMESTAMP, expiredate = EXCLUDED.expiredate`;
  return {
    createStateTable: `CREATE TABLE IF NOT EXISTS ${t} (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL, isbinary boolean NOT NULL, insertdate timestamp with time zone NOT NULL DEFAULT NOW(), updatedate timestamp with time zone NULL, expiredate timestamp with time zone NULL)`,
    addExpireDate: `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS expiredate timestamp with time zone NULL`,
    createMetadataTable: `CREATE TABLE IF NOT EXISTS ${metadataTableName} (key text NOT NULL PRIMARY KEY, value text NOT NULL)`,
    lockSchema: `SELECT pg_advisory_xact_lock(hashtext($1::text))`,
    get: `SELECT s.value::text AS value, s.isbinary, s.xmin::text AS etag, s.expiredate FROM ${t} s WHERE s.key = $1 AND ${Live('s')}`,
    upsert: insert,
    insertIfAbsent: `${insert} WHERE s.expiredate IS NOT NULL AND s.expiredate <= CURRENT_TIMESTAMP`,
    updateIfMatch: `UPDATE ${t} AS s SET value = COALESCE(v.doc, to_jsonb($4::text)), isbinary = v.doc IS NULL, expiredate = ${ExpireDate}, updatedate = CURRENT_TIMESTAMP FROM (${StoredValue}) v WHERE s.key = $1 AND s.xmin = $6::text::xid AND ${Live('s')}`,
    delete: `DELETE FROM ${t} WHERE key = $1`,
    deleteIfMatch: `DELETE FROM ${t} WHERE key = $1 AND xmin = $2::text::xid`,
    claimCleanup: `INSERT INTO ${metadataTableName} AS m (key, value) VALUES ('last-cleanup', CURRENT_TIMESTAMP::text) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE m.value::timestamp with time zone < CURRENT_TIMESTAMP - $1::bigint * interval '1 millisecond'`,
    deleteExpired: `DELETE FROM ${t} WHERE expiredate IS NOT NULL AND expiredate <= CURRENT_TIMESTAMP`,
  };
}
