import type { ComponentMetadata } from '@dapr-ts/components-common';
import type { StateFeature } from './feature';
import type { BulkGetItem, DeleteRequest, GetRequest, GetResponse, SetRequest, TransactionRequest } from './requests';

/**
 * The required state store contract (contrib state/store.go). Every method may be called
 * concurrently; `set`/`delete` with an ETag are atomic compare-and-swap operations.
 */
export interface StateStore {
  /** Parses metadata and connects. Throws MetadataError naming the field on bad metadata. */
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  features(): readonly StateFeature[];
  /** Undefined when the key does not exist (or has expired). */
  get(request: GetRequest, signal: AbortSignal): Promise<GetResponse | undefined>;
  /** Throws ETagError on a failed ETag check or a first-write conflict. */
  set(request: SetRequest, signal: AbortSignal): Promise<void>;
  /** Deleting a missing key succeeds. Throws ETagError on a failed ETag check. */
  delete(request: DeleteRequest, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Stores that apply a list of operations atomically: all or nothing. */
export interface TransactionalStateStore extends StateStore {
  multi(request: TransactionRequest, signal: AbortSignal): Promise<void>;
  /** Most operations one transaction may hold, if the store has a limit. */
  multiMaxSize?(): number;
}

export function isTransactionalStateStore(store: StateStore): store is TransactionalStateStore {
  return typeof (store as Partial<TransactionalStateStore>).multi === 'function';
}

/** Stores with native bulk operations; others get {@link bulkGet} and friends from this package. */
export interface BulkStateStore extends StateStore {
  bulkGet(requests: GetRequest[], signal: AbortSignal, parallelism: number): Promise<BulkGetItem[]>;
}

export function isBulkStateStore(store: StateStore): store is BulkStateStore {
  return typeof (store as Partial<BulkStateStore>).bulkGet === 'function';
}
