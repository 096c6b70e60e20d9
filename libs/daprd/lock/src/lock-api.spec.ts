import { UnlockStatus, type LockFeature, type LockStore, type TryLockRequest, type TryLockResponse, type UnlockRequest, type UnlockResponse } from '@dapr-ts/components-lock';
import { DaprApiError, GrpcCode, isDaprApiError } from '@dapr-ts/daprd-errors';
import { LockApi } from './lock-api';
import { lockKeyPrefixFor } from './lock-key-prefix';
import type { LockStoreLookup, RegisteredLockStore } from './lock-store-lookup';

const signal = new AbortController().signal;

/**
 * An in-test lock store with the contract's semantics (no expiry: these tests never wait for one).
 * It records the resource ids it was asked for, so tests can see the prefix the API applied.
 */
class MemoryLockStore implements LockStore {
  readonly holders = new Map<string, string>();
  readonly seen: string[] = [];
  readonly signals: AbortSignal[] = [];
  failWith: unknown;
  answerStatus: string | undefined;

  async init(): Promise<void> {}

  features(): readonly LockFeature[] {
    return [];
  }

  async tryLock(request: TryLockRequest, s: AbortSignal): Promise<TryLockResponse> {
    this.record(request.resourceId, s);
    if (this.holders.has(request.resourceId)) return { success: false };
    this.holders.set(request.resourceId, request.lockOwner);
    return { success: true };
  }

  async unlock(request: UnlockRequest, s: AbortSignal): Promise<UnlockResponse> {
    this.record(request.resourceId, s);
    if (this.answerStatus !== undefined) return { status: this.answerStatus as UnlockStatus };
    const holder = this.holders.get(request.resourceId);
    if (holder === undefined) return { status: UnlockStatus.LockDoesNotExist };
    if (holder !== request.lockOwner) return { status: UnlockStatus.LockBelongsToOthers };
    this.holders.delete(request.resourceId);
    return { status: UnlockStatus.Success };
  }

  async close(): Promise<void> {}

  private record(resourceId: string, s: AbortSignal): void {
    this.seen.push(resourceId);
    this.signals.push(s);
    if (this.failWith !== undefined) throw this.failWith;
  }
}

function lookup(entries: Record<string, RegisteredLockStore>): LockStoreLookup {
  const byName = new Map(Object.entries(entries));
  return { get: (name) => byName.get(name), any: () => byName.size > 0 };
}

/** The DaprApiError a call rejects with, reduced to the fields the transports write. */
async function apiError(promise: Promise<unknown>): Promise<{ httpStatus: number; grpcCode: number; errorCode: string; message: string }> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isDaprApiError(err)) throw new Error(`expected a DaprApiError, got ${String(err)}`);
  return { httpStatus: err.httpStatus, grpcCode: err.grpcCode, errorCode: err.errorCode, message: err.message };
}

const malformed = (message: string) => ({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: 'ERR_MALFORMED_REQUEST', message });

describe('LockApi', () => {
  let store: MemoryLockStore;
  let api: LockApi;

  beforeEach(() => {
    store = new MemoryLockStore();
    api = new LockApi(lookup({ lockstore: { store, prefix: lockKeyPrefixFor(undefined, { appId: 'myapp', storeName: 'lockstore' }) } }));
  });

  const lock = (over: Partial<{ storeName: string; resourceId: string; lockOwner: string; expiryInSeconds: number }> = {}) =>
    api.tryLock({ storeName: 'lockstore', resourceId: 'res', lockOwner: 'owner-1', expiryInSeconds: 30, ...over }, signal);
  const unlock = (over: Partial<{ storeName: string; resourceId: string; lockOwner: string }> = {}) => api.unlock({ storeName: 'lockstore', resourceId: 'res', lockOwner: 'owner-1', ...over }, signal);

  describe('.tryLock()', () => {
    it('returns success true and asks the store for lock||<appId>||<resourceId>', async () => {
      await expect(lock()).resolves.toEqual({ success: true });
      expect(store.seen).toEqual(['lock||myapp||res']);
      expect(store.holders.get('lock||myapp||res')).toBe('owner-1');
    });

    it('returns success false when another owner holds the lock', async () => {
      await lock();
      await expect(lock({ lockOwner: 'owner-2' })).resolves.toEqual({ success: false });
    });

    it('passes the caller’s signal to the store', async () => {
      await lock();
      expect(store.signals).toEqual([signal]);
    });

    it('keeps apps apart: the same resource id under two app ids is two locks', async () => {
      const other = new LockApi(lookup({ lockstore: { store, prefix: lockKeyPrefixFor('appid', { appId: 'otherapp', storeName: 'lockstore' }) } }));
      await lock();
      await expect(other.tryLock({ storeName: 'lockstore', resourceId: 'res', lockOwner: 'owner-2', expiryInSeconds: 30 }, signal)).resolves.toEqual({ success: true });
      expect(store.seen).toEqual(['lock||myapp||res', 'lock||otherapp||res']);
    });

    it.each([0, -5])('throws 400 ERR_MALFORMED_REQUEST for expiryInSeconds %p, before any other check', async (expiryInSeconds) => {
      const none = new LockApi(lookup({}));
      await expect(apiError(none.tryLock({ storeName: 'x', resourceId: '', lockOwner: '', expiryInSeconds }, signal))).resolves.toEqual(malformed('ExpiryInSeconds is not positive in lock store x'));
    });

    it('throws 500 ERR_LOCK_STORE_NOT_CONFIGURED when no lock store is loaded', async () => {
      const none = new LockApi(lookup({}));
      await expect(apiError(none.tryLock({ storeName: 'lockstore', resourceId: 'res', lockOwner: 'o', expiryInSeconds: 1 }, signal))).resolves.toEqual({
        httpStatus: 500,
        grpcCode: GrpcCode.FailedPrecondition,
        errorCode: 'ERR_LOCK_STORE_NOT_CONFIGURED',
        message: 'lock store is not configured',
      });
    });

    it('throws 400 ERR_MALFORMED_REQUEST for an empty resourceId, then for an empty lockOwner', async () => {
      await expect(apiError(lock({ resourceId: '', lockOwner: '' }))).resolves.toEqual(malformed('ResourceId is empty in lock store lockstore'));
      await expect(apiError(lock({ lockOwner: '' }))).resolves.toEqual(malformed('LockOwner is empty in lock store lockstore'));
    });

    it('throws 400 ERR_LOCK_STORE_NOT_FOUND for an unknown store', async () => {
      await expect(apiError(lock({ storeName: 'nope' }))).resolves.toEqual({ httpStatus: 400, grpcCode: GrpcCode.InvalidArgument, errorCode: 'ERR_LOCK_STORE_NOT_FOUND', message: 'lock store nope not found' });
    });

    it('throws 500 ERR_TRY_LOCK without calling the store when the resource id contains ||', async () => {
      await expect(apiError(lock({ resourceId: 'a||b' }))).resolves.toEqual({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: 'ERR_TRY_LOCK', message: "failed to try acquiring lock: input key/keyPrefix 'a||b' can't contain '||'" });
      expect(store.seen).toEqual([]);
    });

    it('throws 500 ERR_TRY_LOCK with the store’s message when the store fails, keeping the cause', async () => {
      const cause = new Error('connection lost');
      store.failWith = cause;
      const err = await lock().catch((e: unknown) => e);
      expect(isDaprApiError(err) && [err.errorCode, err.message, err.cause]).toEqual(['ERR_TRY_LOCK', 'failed to try acquiring lock: connection lost', cause]);
    });

    it('rethrows a DaprApiError from the store unchanged', async () => {
      const own = new DaprApiError({ httpStatus: 504, grpcCode: GrpcCode.DeadlineExceeded, errorCode: 'ERR_X', message: 'timeout', reason: 'X' });
      store.failWith = own;
      await expect(lock()).rejects.toBe(own);
    });
  });

  describe('.unlock()', () => {
    it('returns status 0 for the owner and releases the prefixed key', async () => {
      await lock();
      await expect(unlock()).resolves.toEqual({ status: 0 });
      expect(store.seen).toEqual(['lock||myapp||res', 'lock||myapp||res']);
      expect(store.holders.size).toBe(0);
    });

    it('returns status 1 when the lock does not exist', async () => {
      await expect(unlock()).resolves.toEqual({ status: 1 });
    });

    it('returns status 2 when another owner holds the lock, and leaves it held', async () => {
      await lock();
      await expect(unlock({ lockOwner: 'owner-2' })).resolves.toEqual({ status: 2 });
      expect(store.holders.get('lock||myapp||res')).toBe('owner-1');
    });

    it('checks configured stores, resourceId, lockOwner and the store name in Dapr’s order', async () => {
      const none = new LockApi(lookup({}));
      await expect(apiError(none.unlock({ storeName: 'x', resourceId: '', lockOwner: '' }, signal))).resolves.toMatchObject({ errorCode: 'ERR_LOCK_STORE_NOT_CONFIGURED' });
      await expect(apiError(unlock({ storeName: 'nope', resourceId: '', lockOwner: '' }))).resolves.toEqual(malformed('ResourceId is empty in lock store nope'));
      await expect(apiError(unlock({ storeName: 'nope', lockOwner: '' }))).resolves.toEqual(malformed('LockOwner is empty in lock store nope'));
      await expect(apiError(unlock({ storeName: 'nope' }))).resolves.toMatchObject({ httpStatus: 400, errorCode: 'ERR_LOCK_STORE_NOT_FOUND', message: 'lock store nope not found' });
    });

    it('throws 500 ERR_UNLOCK without calling the store when the resource id contains ||', async () => {
      await expect(apiError(unlock({ resourceId: 'a||b' }))).resolves.toEqual({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: 'ERR_UNLOCK', message: "failed to release lock: input key/keyPrefix 'a||b' can't contain '||'" });
      expect(store.seen).toEqual([]);
    });

    it('throws 500 ERR_UNLOCK with the store’s message when the store fails', async () => {
      store.failWith = new Error('connection lost');
      await expect(apiError(unlock())).resolves.toEqual({ httpStatus: 500, grpcCode: GrpcCode.Internal, errorCode: 'ERR_UNLOCK', message: 'failed to release lock: connection lost' });
    });

    it('throws 500 ERR_UNLOCK when the store answers a status outside the contract', async () => {
      store.answerStatus = 'MAYBE';
      await expect(apiError(unlock())).resolves.toMatchObject({ errorCode: 'ERR_UNLOCK', message: 'failed to release lock: the lock store answered an unknown status "MAYBE"' });
    });
  });
});
