/**
 * Request and response shapes of the state API. Field names and enum numbers follow the
 * dapr.proto.runtime.v1 messages, so gRPC handlers pass decoded messages straight in and the
 * HTTP adapter builds the same shapes from JSON.
 */

/** common.v1.StateOptions.StateConcurrency: 0 unspecified, 1 first-write, 2 last-write. */
export type ConcurrencyNumber = number;
/** common.v1.StateOptions.StateConsistency: 0 unspecified, 1 eventual, 2 strong. */
export type ConsistencyNumber = number;

export interface StateOptionsMessage {
  concurrency: ConcurrencyNumber;
  consistency: ConsistencyNumber;
}

export interface StateItemMessage {
  key: string;
  value: Buffer;
  etag: { value: string } | undefined;
  metadata: Record<string, string>;
  options: StateOptionsMessage | undefined;
}

export interface GetStateMessage {
  storeName: string;
  key: string;
  consistency: ConsistencyNumber;
  metadata: Record<string, string>;
}

export interface GetStateResult {
  data: Buffer;
  etag: string;
  metadata: Record<string, string>;
}

export interface GetBulkStateMessage {
  storeName: string;
  keys: string[];
  parallelism: number;
  metadata: Record<string, string>;
}

export interface BulkStateItemResult {
  key: string;
  data: Buffer;
  etag: string;
  error: string;
  metadata: Record<string, string>;
}

export interface SaveStateMessage {
  storeName: string;
  states: StateItemMessage[];
}

export interface DeleteStateMessage {
  storeName: string;
  key: string;
  etag: { value: string } | undefined;
  options: StateOptionsMessage | undefined;
  metadata: Record<string, string>;
}

export interface DeleteBulkStateMessage {
  storeName: string;
  states: StateItemMessage[];
}

export interface TransactionalStateOperationMessage {
  operationType: string;
  request: StateItemMessage | undefined;
}

export interface ExecuteStateTransactionMessage {
  storeName: string;
  operations: TransactionalStateOperationMessage[];
  metadata: Record<string, string>;
}
