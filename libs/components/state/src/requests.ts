/** `first-write` fails a write without an ETag when the key already exists. Default: last-write. */
export type Concurrency = 'first-write' | 'last-write';
export type Consistency = 'strong' | 'eventual';

export interface StateOptions {
  concurrency?: Concurrency;
  consistency?: Consistency;
}

export interface GetRequest {
  /** The key as stored, prefix already applied by the runtime. */
  key: string;
  metadata: Record<string, string>;
  options?: Pick<StateOptions, 'consistency'>;
}

export interface GetResponse {
  data: Buffer;
  etag?: string;
  /** e.g. `ttlExpireTime` (RFC 3339) for a key saved with a TTL. */
  metadata?: Record<string, string>;
  contentType?: string;
}

export interface SetRequest {
  key: string;
  value: Buffer;
  /** When set (non-empty), the write succeeds only if it matches the stored ETag. */
  etag?: string;
  /** `ttlInSeconds` (integer; -1 = never expire) among others. */
  metadata: Record<string, string>;
  options?: StateOptions;
  contentType?: string;
}

export interface DeleteRequest {
  key: string;
  etag?: string;
  metadata: Record<string, string>;
  options?: StateOptions;
}

export type TransactionOperation = { operation: 'upsert'; request: SetRequest } | { operation: 'delete'; request: DeleteRequest };

export interface TransactionRequest {
  operations: TransactionOperation[];
  metadata: Record<string, string>;
}

/** One key's outcome in a bulk get: data when found, error when that key failed. */
export interface BulkGetItem {
  key: string;
  data?: Buffer;
  etag?: string;
  metadata?: Record<string, string>;
  error?: string;
}
