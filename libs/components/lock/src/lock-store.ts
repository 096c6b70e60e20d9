import type { ComponentMetadata } from '@dapr-ts/components-common';

/**
 * Lock store capabilities. Dapr's lock contract (contrib lock/store.go) declares none yet; the
 * object exists so `features()` has a typed, wire-string home when one is added, and so the
 * metadata API reports lock stores the same way as every other category (an empty list).
 */
export const LockFeature = {} as const;
export type LockFeature = (typeof LockFeature)[keyof typeof LockFeature];

/** Outcome of an unlock, with the names of dapr.proto.runtime.v1.UnlockResponse.Status. */
export const UnlockStatus = {
  Success: 'SUCCESS',
  LockDoesNotExist: 'LOCK_DOES_NOT_EXIST',
  LockBelongsToOthers: 'LOCK_BELONGS_TO_OTHERS',
} as const;
export type UnlockStatus = (typeof UnlockStatus)[keyof typeof UnlockStatus];

export interface TryLockRequest {
  /** The key as stored: the runtime has already applied the `lock||<prefix>||` key prefix. */
  resourceId: string;
  /** Who holds the lock; only this owner may unlock it. */
  lockOwner: string;
  /** Lease length, a positive whole number of seconds; the lock is released when it runs out. */
  expiryInSeconds: number;
}

export interface TryLockResponse {
  /** True when this call acquired the lock; false when someone (anyone, even this owner) holds it. */
  success: boolean;
}

export interface UnlockRequest {
  /** The key as stored, prefix already applied (see {@link TryLockRequest.resourceId}). */
  resourceId: string;
  lockOwner: string;
}

export interface UnlockResponse {
  status: UnlockStatus;
}

/**
 * The distributed lock contract (contrib lock/store.go): a non-blocking, lease-based mutex per
 * resource. Every method may be called concurrently from any number of sidecars; `tryLock` and
 * `unlock` must each be atomic in the backing store, so at most one owner holds a resource at a
 * time. Failures of the store itself are thrown; "held by someone else" is a result, not an error.
 */
export interface LockStore {
  /** Parses metadata and connects. Throws MetadataError naming the field on bad metadata. */
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  features(): readonly LockFeature[];
  /** Acquires the lock when free; never waits for a held lock to be released. */
  tryLock(request: TryLockRequest, signal: AbortSignal): Promise<TryLockResponse>;
  /**
   * Releases the lock when `lockOwner` holds it. A missing (or expired) lock is
   * `LOCK_DOES_NOT_EXIST`; a lock held by another owner is `LOCK_BELONGS_TO_OTHERS` and stays held.
   */
  unlock(request: UnlockRequest, signal: AbortSignal): Promise<UnlockResponse>;
  /** Releases connections; idempotent. */
  close(): Promise<void>;
}
