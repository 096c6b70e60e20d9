import type { LockStore } from '@dapr-ts/components-lock';

/** A loaded lock store and the key prefix taken from its metadata. */
export interface RegisteredLockStore {
  store: LockStore;
  /** Literal prefix put before every resource id, from {@link lockKeyPrefixFor} (e.g. `lock||myapp||`). */
  prefix: string;
}

/** How the lock API finds stores by name; the component loader provides it. */
export interface LockStoreLookup {
  get(name: string): RegisteredLockStore | undefined;
  /** True when at least one lock store is loaded. */
  any(): boolean;
}
