import { UnlockStatus, type LockStore } from '@dapr-ts/components-lock';
import { componentUnderTest } from './component-under-test';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/** One lock store's entry in the conformance table. */
export interface LockConformanceConfig {
  /** Shown in test names and used in resource ids, e.g. `lock.redis`. */
  name: string;
  /** Returns a fresh, uninitialised store; the suite initialises and closes it. */
  create: () => LockStore;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  config?: {
    /** How long the expiry test waits for a 1-second lease to end. Default 5000 ms. */
    expiryTimeoutMs?: number;
  };
}

/** Lease used where a test does not wait for expiry: long enough never to run out mid-test. */
const LongLease = 60;

/**
 * Defines the lock store conformance suite for one component, as jest `describe` blocks
 * (contrib tests/conformance/lock). Call it at the top level of a spec file. One store serves every
 * test; each test uses its own random resource ids and owners, so shared servers are safe to use.
 */
export function runLockConformance(config: LockConformanceConfig): void {
  describe(`lock conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const store = componentUnderTest<LockStore>(config, signal);
    const resource = (label: string): string => uniqueKey(config.name, label);
    const tryLock = (resourceId: string, lockOwner: string, expiryInSeconds = LongLease) => store().tryLock({ resourceId, lockOwner, expiryInSeconds }, signal);
    const unlock = (resourceId: string, lockOwner: string) => store().unlock({ resourceId, lockOwner }, signal);

    describe('features()', () => {
      it('lists each feature once', () => {
        const features = store().features();
        expect(new Set(features).size).toBe(features.length);
      });
    });

    describe('.tryLock()', () => {
      it('acquires a free resource', async () => {
        const r = resource('free');
        await expect(tryLock(r, 'owner-1')).resolves.toEqual({ success: true });
        await unlock(r, 'owner-1');
      });

      it('fails for another owner while the lock is held', async () => {
        const r = resource('held');
        await tryLock(r, 'owner-1');
        await expect(tryLock(r, 'owner-2')).resolves.toEqual({ success: false });
        await unlock(r, 'owner-1');
      });

      it('keeps resources independent: holding one does not block another', async () => {
        const [a, b] = [resource('independent-a'), resource('independent-b')];
        await tryLock(a, 'owner-1');
        await expect(tryLock(b, 'owner-2')).resolves.toEqual({ success: true });
        await unlock(a, 'owner-1');
        await unlock(b, 'owner-2');
      });

      it('grants the lock to exactly one of many concurrent owners', async () => {
        const r = resource('race');
        const owners = Array.from({ length: 10 }, (_, i) => `owner-${i}`);
        const results = await Promise.all(owners.map((owner) => tryLock(r, owner)));
        const winners = owners.filter((_, i) => results[i]?.success);
        expect(winners).toHaveLength(1);
        await expect(unlock(r, winners[0] as string)).resolves.toEqual({ status: UnlockStatus.Success });
      });

      it('succeeds for another owner once the holder unlocked', async () => {
        const r = resource('handover');
        await tryLock(r, 'owner-1');
        await unlock(r, 'owner-1');
        await expect(tryLock(r, 'owner-2')).resolves.toEqual({ success: true });
        await unlock(r, 'owner-2');
      });

      it('releases the lock when the lease expires', async () => {
        const r = resource('expiry');
        await expect(tryLock(r, 'owner-1', 1)).resolves.toEqual({ success: true });
        await expect(tryLock(r, 'owner-2')).resolves.toEqual({ success: false });
        await waitFor(`the 1 s lease on ${r} to expire`, async () => (await tryLock(r, 'owner-2')).success, { timeoutMs: config.config?.expiryTimeoutMs ?? 5000, intervalMs: 200 });
        // The old holder's lease is gone: it can no longer release the new owner's lock.
        await expect(unlock(r, 'owner-1')).resolves.toEqual({ status: UnlockStatus.LockBelongsToOthers });
        await expect(unlock(r, 'owner-2')).resolves.toEqual({ status: UnlockStatus.Success });
      });
    });

    describe('.unlock()', () => {
      it('returns SUCCESS for the owner and frees the resource', async () => {
        const r = resource('unlock-owner');
        await tryLock(r, 'owner-1');
        await expect(unlock(r, 'owner-1')).resolves.toEqual({ status: UnlockStatus.Success });
        await expect(unlock(r, 'owner-1')).resolves.toEqual({ status: UnlockStatus.LockDoesNotExist });
      });

      it('returns LOCK_BELONGS_TO_OTHERS for another owner and keeps the lock held', async () => {
        const r = resource('unlock-other');
        await tryLock(r, 'owner-1');
        await expect(unlock(r, 'owner-2')).resolves.toEqual({ status: UnlockStatus.LockBelongsToOthers });
        await expect(tryLock(r, 'owner-3')).resolves.toEqual({ success: false });
        await expect(unlock(r, 'owner-1')).resolves.toEqual({ status: UnlockStatus.Success });
      });

      it('returns LOCK_DOES_NOT_EXIST for a resource never locked', async () => {
        await expect(unlock(resource('unlock-missing'), 'owner-1')).resolves.toEqual({ status: UnlockStatus.LockDoesNotExist });
      });
    });
  });
}
