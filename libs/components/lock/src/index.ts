export { LockFeature, UnlockStatus } from './lock-store';
export type { LockStore, TryLockRequest, TryLockResponse, UnlockRequest, UnlockResponse } from './lock-store';
