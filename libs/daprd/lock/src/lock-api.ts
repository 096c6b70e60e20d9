import { UnlockStatus } from '@dapr-ts/components-lock';
import { isDaprApiError, lockErrors, messageOf, type DaprApiError } from '@dapr-ts/daprd-errors';
import { illegalResourceId } from './lock-key-prefix';
import type { LockStoreLookup, RegisteredLockStore } from './lock-store-lookup';
import { UnlockStatusCode, type TryLockMessage, type TryLockResult, type UnlockMessage, type UnlockResult } from './lock-types';

const StatusCodeOf = {
  [UnlockStatus.Success]: UnlockStatusCode.Success,
  [UnlockStatus.LockDoesNotExist]: UnlockStatusCode.LockDoesNotExist,
  [UnlockStatus.LockBelongsToOthers]: UnlockStatusCode.LockBelongsToOthers,
} as const satisfies Record<UnlockStatus, UnlockStatusCode>;

/**
 * The transport-agnostic distributed lock API, alpha1 (mirrors dapr pkg/api/universal/lock.go):
 * validates requests in Dapr's order, prefixes resource ids with the store's key prefix, calls the
 * store and maps failures onto Dapr's error codes. Every error thrown is a DaprApiError.
 *
 * @experimental The lock API is alpha in Dapr.
 */
export class LockApi {
  private readonly stores: LockStoreLookup;

  constructor(stores: LockStoreLookup) {
    this.stores = stores;
  }

  /** `{success: false}` when someone else (or this owner, again) holds the lock. */
  async tryLock(req: TryLockMessage, signal: AbortSignal): Promise<TryLockResult> {
    // Dapr checks the expiry before anything else, even before looking for a lock store.
    if (!(req.expiryInSeconds > 0)) throw lockErrors.expiryNotPositive(req.storeName);
    const entry = this.validate(req);
    const illegal = illegalResourceId(req.resourceId);
    if (illegal !== undefined) throw lockErrors.tryLock(req.storeName, illegal);
    try {
      const { success } = await entry.store.tryLock({ resourceId: entry.prefix + req.resourceId, lockOwner: req.lockOwner, expiryInSeconds: req.expiryInSeconds }, signal);
      return { success };
    } catch (err) {
      throw passThrough(err) ?? lockErrors.tryLock(req.storeName, messageOf(err), err);
    }
  }

  /** Status 0 released, 1 no such lock (or it expired), 2 held by another owner (and left held). */
  async unlock(req: UnlockMessage, signal: AbortSignal): Promise<UnlockResult> {
    const entry = this.validate(req);
    const illegal = illegalResourceId(req.resourceId);
    if (illegal !== undefined) throw lockErrors.unlock(req.storeName, illegal);
    let status: UnlockStatus;
    try {
      ({ status } = await entry.store.unlock({ resourceId: entry.prefix + req.resourceId, lockOwner: req.lockOwner }, signal));
    } catch (err) {
      throw passThrough(err) ?? lockErrors.unlock(req.storeName, messageOf(err), err);
    }
    const code = (StatusCodeOf as Partial<Record<string, UnlockStatusCode>>)[status];
    if (code === undefined) throw lockErrors.unlock(req.storeName, `the lock store answered an unknown status ${JSON.stringify(status)}`);
    return { status: code };
  }

  /** Checks shared by both calls, in Dapr's order; returns the store. */
  private validate(req: { storeName: string; resourceId: string; lockOwner: string }): RegisteredLockStore {
    if (!this.stores.any()) throw lockErrors.notConfigured();
    if (req.resourceId === '') throw lockErrors.resourceIdEmpty(req.storeName);
    if (req.lockOwner === '') throw lockErrors.lockOwnerEmpty(req.storeName);
    const entry = this.stores.get(req.storeName);
    if (!entry) throw lockErrors.storeNotFound(req.storeName);
    return entry;
  }
}

/** A DaprApiError thrown below (e.g. by a wrapping resiliency layer) is already mapped. */
function passThrough(err: unknown): DaprApiError | undefined {
  return isDaprApiError(err) ? err : undefined;
}
