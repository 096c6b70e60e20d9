import {
  bulkDelete,
  bulkGet,
  bulkSet,
  isBulkStoreError,
  isETagError,
  isTransactionalStateStore,
  type Concurrency,
  type Consistency,
  type DeleteRequest,
  type SetRequest,
  type StateOptions,
  type TransactionOperation,
} from '@dapr-ts/components-state';
import { isMetadataError } from '@dapr-ts/components-common';
import { ErrorCode, commonErrors, isDaprApiError, messageOf, stateErrors, type DaprApiError } from '@dapr-ts/daprd-errors';
import type { RegisteredStateStore, StateStoreLookup } from './state-store-lookup';
import type {
  BulkStateItemResult,
  DeleteBulkStateMessage,
  DeleteStateMessage,
  ExecuteStateTransactionMessage,
  GetBulkStateMessage,
  GetStateMessage,
  GetStateResult,
  SaveStateMessage,
  StateItemMessage,
  StateOptionsMessage,
} from './state-types';

const DefaultBulkParallelism = 100;

/**
 * The transport-agnostic state API (Dapr pkg/api/universal state parts): validates requests,
 * applies key prefixes, calls the store and maps store errors onto Dapr's error codes.
 */
export class StateApi {
  private readonly stores: StateStoreLookup;

  constructor(stores: StateStoreLookup) {
    this.stores = stores;
  }

  /** Undefined when the key does not exist. */
  async getState(req: GetStateMessage, signal: AbortSignal): Promise<GetStateResult | undefined> {
    const entry = this.store(req.storeName);
    checkKey(req.storeName, req.key);
    try {
      const consistency = consistencyOf(req.consistency);
      const found = await entry.store.get({ key: entry.prefix + req.key, metadata: req.metadata, ...(consistency ? { options: { consistency } } : {}) }, signal);
      if (!found) return undefined;
      return { data: found.data, etag: found.etag ?? '', metadata: found.metadata ?? {} };
    } catch (err) {
      throw clientError(err) ?? stateErrors.get(req.storeName, req.key, messageOf(err), err);
    }
  }

  async getBulkState(req: GetBulkStateMessage, signal: AbortSignal): Promise<BulkStateItemResult[]> {
    const entry = this.store(req.storeName);
    for (const key of req.keys) checkKey(req.storeName, key);
    const parallelism = req.parallelism > 0 ? req.parallelism : DefaultBulkParallelism;
    try {
      const items = await bulkGet(entry.store, req.keys.map((key) => ({ key: entry.prefix + key, metadata: req.metadata })), signal, parallelism);
      return items.map((item, i) => ({
        key: req.keys[i] as string,
        data: item.data ?? Buffer.alloc(0),
        etag: item.etag ?? '',
        error: item.error ?? '',
        metadata: item.metadata ?? {},
      }));
    } catch (err) {
      throw clientError(err) ?? stateErrors.bulkGet(req.storeName, messageOf(err), err);
    }
  }

  async saveState(req: SaveStateMessage, signal: AbortSignal): Promise<void> {
    const entry = this.store(req.storeName);
    const requests = req.states.map((item) => this.setRequest(entry, item));
    try {
      if (requests.length === 1) await entry.store.set(requests[0] as SetRequest, signal);
      else await bulkSet(entry.store, requests, signal);
    } catch (err) {
      throw this.writeError(err, ErrorCode.StateSave, (detail) => stateErrors.save(req.storeName, detail, err), `failed saving state in state store ${req.storeName}`);
    }
  }

  async deleteState(req: DeleteStateMessage, signal: AbortSignal): Promise<void> {
    const entry = this.store(req.storeName);
    checkKey(req.storeName, req.key);
    try {
      await entry.store.delete(deleteRequest(entry, req.key, req.etag, req.options, req.metadata), signal);
    } catch (err) {
      throw this.writeError(err, ErrorCode.StateDelete, (detail) => stateErrors.delete(req.key, detail, err), `failed deleting state with key ${req.key}`);
    }
  }

  async deleteBulkState(req: DeleteBulkStateMessage, signal: AbortSignal): Promise<void> {
    const entry = this.store(req.storeName);
    const requests = req.states.map((item) => {
      checkKey(req.storeName, item.key);
      return deleteRequest(entry, item.key, item.etag, item.options, item.metadata);
    });
    try {
      await bulkDelete(entry.store, requests, signal);
    } catch (err) {
      throw this.writeError(err, ErrorCode.StateBulkDelete, (detail) => stateErrors.bulkDelete(detail, err), 'failed deleting state in bulk');
    }
  }

  async executeStateTransaction(req: ExecuteStateTransactionMessage, signal: AbortSignal): Promise<void> {
    const entry = this.store(req.storeName);
    const store = entry.store;
    if (!isTransactionalStateStore(store)) throw stateErrors.transactionsNotSupported(req.storeName);
    const max = store.multiMaxSize?.();
    if (max !== undefined && max > 0 && req.operations.length > max) throw stateErrors.tooManyTransactions(req.storeName, req.operations.length, max);
    const operations: TransactionOperation[] = req.operations.map((op) => {
      if (!op.request) throw commonErrors.malformedRequest('transaction operation has no request');
      const type = op.operationType.toLowerCase();
      if (type === 'upsert') return { operation: 'upsert', request: this.setRequest(entry, op.request) };
      if (type === 'delete') {
        checkKey(req.storeName, op.request.key);
        return { operation: 'delete', request: deleteRequest(entry, op.request.key, op.request.etag, op.request.options, op.request.metadata) };
      }
      throw stateErrors.operationNotSupported(op.operationType);
    });
    try {
      await store.multi({ operations, metadata: req.metadata }, signal);
    } catch (err) {
      throw this.writeError(err, ErrorCode.StateTransaction, (detail) => stateErrors.transaction(detail, err), 'error while executing state transaction');
    }
  }

  /** The named store, or the Dapr error for none configured / unknown name. */
  store(name: string): RegisteredStateStore {
    if (!this.stores.any()) throw stateErrors.notConfigured();
    const entry = this.stores.get(name);
    if (!entry) throw stateErrors.storeNotFound(name);
    return entry;
  }

  private setRequest(entry: RegisteredStateStore, item: StateItemMessage): SetRequest {
    checkKey(entry.name, item.key);
    const options = optionsOf(item.options);
    const etag = item.etag?.value;
    return {
      key: entry.prefix + item.key,
      value: item.value,
      metadata: item.metadata,
      ...(etag ? { etag } : {}),
      ...(options ? { options } : {}),
    };
  }

  /** Maps a failed write: ETag problems to 409/400 with the operation's code, metadata problems to 400. */
  private writeError(err: unknown, code: string, generic: (detail: string) => DaprApiError, prefix: string): DaprApiError {
    const inner = isBulkStoreError(err) ? err.cause : err;
    if (isETagError(inner)) {
      const message = `${prefix}: ${inner.kind === 'mismatch' ? 'possible etag mismatch. error from state store' : 'invalid etag value'}: ${inner.message}`;
      return inner.kind === 'mismatch' ? stateErrors.etagMismatch(code, message, err) : stateErrors.etagInvalid(code, message, err);
    }
    return clientError(inner) ?? generic(messageOf(err));
  }
}

function checkKey(store: string, key: string): void {
  if (key === '') throw stateErrors.keyInvalid(store, 'state key cannot be empty');
  if (key.includes('||')) throw stateErrors.keyInvalid(store, `input key/keyPrefix '${key}' can't contain '||'`);
}

function deleteRequest(
  entry: RegisteredStateStore,
  key: string,
  etagMessage: { value: string } | undefined,
  optionsMessage: StateOptionsMessage | undefined,
  metadata: Record<string, string>,
): DeleteRequest {
  const options = optionsOf(optionsMessage);
  const etag = etagMessage?.value;
  return { key: entry.prefix + key, metadata, ...(etag ? { etag } : {}), ...(options ? { options } : {}) };
}

function optionsOf(message: StateOptionsMessage | undefined): StateOptions | undefined {
  if (!message) return undefined;
  const concurrency: Concurrency | undefined = message.concurrency === 1 ? 'first-write' : message.concurrency === 2 ? 'last-write' : undefined;
  const consistency = consistencyOf(message.consistency);
  if (!concurrency && !consistency) return undefined;
  return { ...(concurrency ? { concurrency } : {}), ...(consistency ? { consistency } : {}) };
}

function consistencyOf(value: number): Consistency | undefined {
  return value === 1 ? 'eventual' : value === 2 ? 'strong' : undefined;
}

/** Errors that are the client's fault (bad metadata such as ttlInSeconds) become 400s, not 500s. */
function clientError(err: unknown): DaprApiError | undefined {
  if (isDaprApiError(err)) return err;
  if (isMetadataError(err)) return commonErrors.badRequest(err.message);
  return undefined;
}
