export { LockApi } from './lock-api';
export { lockKeyPrefixFor, illegalResourceId, LockKeyPrefixError } from './lock-key-prefix';
export type { RegisteredLockStore, LockStoreLookup } from './lock-store-lookup';
export { UnlockStatusCode } from './lock-types';
export type { TryLockMessage, TryLockResult, UnlockMessage, UnlockResult } from './lock-types';
