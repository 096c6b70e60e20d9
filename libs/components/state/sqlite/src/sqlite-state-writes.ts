import { randomUUID } from 'node:crypto';
import { encodeStateValue, ETagError, parseTtlInSeconds, type DeleteRequest, type SetRequest, type StoredValueFormat, type TransactionOperation } from '@dapr-ts/components-state';
import type { SqliteDatabase, SqliteParam } from './sqlite-database';
import type { SqliteStateSql } from './sqlite-state-sql';

/** ETags are UUIDs (Go Dapr writes them the same way); anything else cannot match a row. */
const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Throws ETagError `invalid` for an ETag that is not a UUID and MetadataError for a bad TTL, so
 * a transaction can be checked before its first statement.
 */
export function validate(op: TransactionOperation): void {
  const { etag, key } = op.request;
  checkKey(key);
  if (etag && !Uuid.test(etag)) throw new ETagError('invalid', `etag "${etag}" for key ${key} is not a UUID`);
  if (op.operation === 'upsert') parseTtlInSeconds(op.request.metadata);
}

/** The driver binds text up to the first NUL, so such a key would silently name another key. */
export function checkKey(key: string): void {
  if (key.includes('\0')) throw new Error(`state.sqlite: key ${JSON.stringify(key)} contains a NUL character, which this store cannot keep`);
}

/**
 * How Dapr's layout keeps a value: UTF-8 JSON as text (`is_binary = 0`), anything else as
 * base64 text (`is_binary = 1`). SQLite keeps text byte for byte, so both read back exactly.
 */
export const ValueFormat: StoredValueFormat = { component: 'state.sqlite', binaryAsJsonString: false, compactJson: false };

/**
 * Writes one key, synchronously, inside {@link SqliteDatabase.use}. With an ETag: one
 * conditional UPDATE (a missing key is a mismatch, as in Dapr). First-write without one: an
 * insert that changes nothing when a live row exists. Otherwise an upsert. Every write gets a
 * new UUID ETag, and a write without a TTL clears the key's TTL (as in Dapr).
 */
export function applyUpsert(db: SqliteDatabase, sql: SqliteStateSql, request: SetRequest): void {
  validate({ operation: 'upsert', request });
  const ttlMs = parseTtlInSeconds(request.metadata);
  const value = encodeStateValue(request.value);
  const params: SqliteParam[] = [request.key, value.json ?? value.base64, value.json === null ? 1 : 0, randomUUID(), ttlMs === undefined || ttlMs === -1 ? null : `+${ttlMs / 1000} seconds`];
  if (request.etag) {
    if (db.change(sql.updateIfMatch, [...params, request.etag]) === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
  } else if (request.options?.concurrency === 'first-write') {
    if (db.change(sql.insertIfAbsent, params) === 0) throw new ETagError('mismatch', `key ${request.key} already exists and first-write concurrency was requested without an etag`);
  } else {
    db.change(sql.upsert, params);
  }
}

/** Deletes one key, synchronously; with an ETag, only the row holding it (a missing key is a mismatch). */
export function applyDelete(db: SqliteDatabase, sql: SqliteStateSql, request: DeleteRequest): void {
  validate({ operation: 'delete', request });
  if (!request.etag) {
    db.change(sql.delete, [request.key]);
    return;
  }
  if (db.change(sql.deleteIfMatch, [request.key, request.etag]) === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
}
