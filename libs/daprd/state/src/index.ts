export { StateApi } from './state-api';
export { keyPrefixFor, KeyPrefixError } from './key-prefix';
export type { RegisteredStateStore, StateStoreLookup } from './state-store-lookup';
export type {
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
  TransactionalStateOperationMessage,
} from './state-types';
