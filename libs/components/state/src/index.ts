export { StateFeature } from './feature';
export type { Concurrency, Consistency, StateOptions, GetRequest, GetResponse, SetRequest, DeleteRequest, TransactionOperation, TransactionRequest, BulkGetItem } from './requests';
export { ETagError, isETagError, BulkStoreError, isBulkStoreError } from './errors';
export type { ETagErrorKind } from './errors';
export { isTransactionalStateStore, isBulkStateStore } from './state-store';
export type { StateStore, TransactionalStateStore, BulkStateStore } from './state-store';
export { bulkGet, bulkSet, bulkDelete } from './bulk';
export { parseTtlInSeconds, formatExpireTime, TtlInSecondsKey, TtlExpireTimeKey } from './ttl';
