import type { DeleteRequest, GetResponse, SetRequest, StateStore } from '@dapr-ts/components-state';
import { uniqueKey } from './unique-key';

/** What {@link stateStorePerTest} gives a spec: the current test's store, and shorthands on it. */
export interface StateStoreHarness<T extends StateStore> {
  /** The store initialised for the current test; throws outside tests and hooks. */
  store(): T;
  /** A fresh key for this test; see {@link uniqueKey}. */
  key(label: string): string;
  /** `set` with empty metadata plus any extra request fields; a string value is sent as UTF-8. */
  put(key: string, value: string | Buffer, extra?: Partial<SetRequest>): Promise<void>;
  /** `delete` with empty metadata plus any extra request fields. */
  remove(key: string, extra?: Partial<DeleteRequest>): Promise<void>;
  read(key: string): Promise<GetResponse | undefined>;
  /** The value of `key` as text, or undefined when it is missing. */
  text(key: string): Promise<string | undefined>;
}

/** Where {@link stateStorePerTest} gets its stores. */
export interface StateStorePerTestConfig<T extends StateStore> {
  /** Prefixes the keys, e.g. `state.mysql-spec`. */
  keyPrefix: string;
  /** Returns a fresh, uninitialised store. */
  create: () => T;
  /** The metadata every store is initialised with. */
  metadata: Record<string, string>;
}

/**
 * Gives each test of the enclosing `describe` a store of its own: created and initialised in
 * `beforeEach`, closed in `afterEach` (closing it in the test is fine: close is idempotent).
 */
export function stateStorePerTest<T extends StateStore>(config: StateStorePerTestConfig<T>, signal: AbortSignal): StateStoreHarness<T> {
  let current: T | undefined;

  beforeEach(async () => {
    const store = config.create();
    await store.init({ name: 'statestore', properties: { ...config.metadata } }, signal);
    current = store;
  });

  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  const store = (): T => {
    if (!current) throw new Error(`${config.keyPrefix}: the per-test store was used outside a test`);
    return current;
  };
  const read = (key: string): Promise<GetResponse | undefined> => store().get({ key, metadata: {} }, signal);
  return {
    store,
    key: (label) => uniqueKey(config.keyPrefix, label),
    put: (key, value, extra = {}) => store().set({ key, value: typeof value === 'string' ? Buffer.from(value) : value, metadata: {}, ...extra }, signal),
    remove: (key, extra = {}) => store().delete({ key, metadata: {}, ...extra }, signal),
    read,
    text: async (key) => (await read(key))?.data.toString(),
  };
}
