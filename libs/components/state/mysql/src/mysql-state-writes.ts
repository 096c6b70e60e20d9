import { randomUUID } from 'node:crypto';
import type { ResultSetHeader } from 'mysql2/promise';
import { MetadataError } from '@dapr-ts/components-common';
import { encodeStateValue, ETagError, parseTtlInSeconds, TtlInSecondsKey, type DeleteRequest, type SetRequest, type TransactionOperation } from '@dapr-ts/components-state';
import { errnoOf, MySqlErrno, run, type Queryable } from './mysql-connection';
import type { MySqlStateSql, StoredRow } from './mysql-state-sql';

/** ETags are UUIDs (Go Dapr writes them the same way); anything else cannot match a row. */
const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The last second a MySQL TIMESTAMP can hold (2038-01-19 03:14:07 UTC). */
const MaxTimestampMs = 2_147_483_647_000;

/** What the write functions need besides the request. */
export interface WriteContext {
  db: Queryable;
  sql: MySqlStateSql;
  timeoutMs: number;
}

/**
 * Throws ETagError `invalid` for an ETag that is not a UUID and MetadataError for a bad TTL, so
 * a transaction can be checked before its first statement.
 */
export function validate(op: TransactionOperation): void {
  const { etag, key } = op.request;
  if (etag && !Uuid.test(etag)) throw new ETagError('invalid', `etag "${etag}" for key ${key} is not a UUID`);
  if (op.operation === 'upsert') ttlSeconds(op.request);
}

/** The TTL in whole seconds, or undefined for none (absent, or -1). */
function ttlSeconds(request: SetRequest): number | undefined {
  const ms = parseTtlInSeconds(request.metadata);
  if (ms === undefined || ms === -1) return undefined;
  if (Date.now() + ms > MaxTimestampMs) throw new MetadataError(TtlInSecondsKey, `${ms / 1000} seconds would expire after 2038-01-19, the last time a MySQL TIMESTAMP holds`);
  return ms / 1000;
}

/**
 * Writes one key. With an ETag: one conditional UPDATE (a missing key is a mismatch, as in
 * Dapr). First-write without one: an INSERT, whose duplicate-key error means the key exists,
 * unless that row has expired and may be replaced. Otherwise an upsert. Every write gets a new
 * UUID ETag, and a write without a TTL clears the key's TTL (as in Dapr).
 */
export async function applyUpsert(ctx: WriteContext, request: SetRequest): Promise<void> {
  validate({ operation: 'upsert', request });
  const row: StoredRow = { key: request.key, value: encodeStateValue(request.value), etag: randomUUID(), ttlSeconds: ttlSeconds(request) };
  if (request.etag) {
    const result = await run<ResultSetHeader>(ctx.db, ctx.sql.updateIfMatch(row, request.etag), ctx.timeoutMs);
    if (result.affectedRows === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
    return;
  }
  if (request.options?.concurrency !== 'first-write') {
    await run(ctx.db, ctx.sql.upsert(row), ctx.timeoutMs);
    return;
  }
  try {
    await run(ctx.db, ctx.sql.insert(row), ctx.timeoutMs);
  } catch (err) {
    if (errnoOf(err) !== MySqlErrno.DupEntry) throw err;
    const replaced = await run<ResultSetHeader>(ctx.db, ctx.sql.replaceExpired(row), ctx.timeoutMs);
    if (replaced.affectedRows === 0) throw new ETagError('mismatch', `key ${request.key} already exists and first-write concurrency was requested without an etag`, { cause: err });
  }
}

/** Deletes one key; with an ETag, only the row holding it (a missing key is a mismatch). */
export async function applyDelete(ctx: WriteContext, request: DeleteRequest): Promise<void> {
  validate({ operation: 'delete', request });
  if (!request.etag) {
    await run(ctx.db, ctx.sql.delete(request.key), ctx.timeoutMs);
    return;
  }
  const result = await run<ResultSetHeader>(ctx.db, ctx.sql.deleteIfMatch(request.key, request.etag), ctx.timeoutMs);
  if (result.affectedRows === 0) throw new ETagError('mismatch', `etag "${request.etag}" for key ${request.key} does not match a stored row`);
}
