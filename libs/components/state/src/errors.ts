const etagBrand: unique symbol = Symbol.for('dapr-ts.ETagError');

/** `mismatch`: the stored ETag differs (HTTP 409). `invalid`: the ETag is malformed (HTTP 400). */
export type ETagErrorKind = 'mismatch' | 'invalid';

/** Thrown by a store when an ETag check fails; the runtime maps it to 409 or 400. */
export class ETagError extends Error {
  readonly [etagBrand] = true;
  override readonly name = 'ETagError';
  readonly kind: ETagErrorKind;

  constructor(kind: ETagErrorKind, message?: string, options?: { cause?: unknown }) {
    super(message ?? (kind === 'mismatch' ? 'possible etag mismatch. error from state store' : 'invalid etag value'), options);
    this.kind = kind;
  }
}

export function isETagError(value: unknown): value is ETagError {
  return typeof value === 'object' && value !== null && (value as { [etagBrand]?: boolean })[etagBrand] === true;
}

const bulkBrand: unique symbol = Symbol.for('dapr-ts.BulkStoreError');

/** One key of a bulk operation failed; `cause` holds the store's error (possibly an ETagError). */
export class BulkStoreError extends Error {
  readonly [bulkBrand] = true;
  override readonly name = 'BulkStoreError';
  readonly key: string;

  constructor(key: string, cause: unknown) {
    super(`key ${key}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.key = key;
  }
}

export function isBulkStoreError(value: unknown): value is BulkStoreError {
  return typeof value === 'object' && value !== null && (value as { [bulkBrand]?: boolean })[bulkBrand] === true;
}
