import type { StateStore } from '@dapr-ts/components-state';

/** A loaded state store and the runtime settings taken from its metadata. */
export interface RegisteredStateStore {
  name: string;
  store: StateStore;
  /** Literal prefix (e.g. `myapp||`) put before every key. */
  prefix: string;
  /** `actorStateStore: "true"`: actor state and reminders live here. */
  actorStateStore?: boolean;
}

/** How the state API finds stores by name; the component loader provides it. */
export interface StateStoreLookup {
  get(name: string): RegisteredStateStore | undefined;
  /** True when at least one state store is loaded. */
  any(): boolean;
}
