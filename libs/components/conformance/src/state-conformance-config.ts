import type { GetResponse, SetRequest, StateStore } from '@dapr-ts/components-state';

/**
 * Operations a state store may declare (contrib tests/config/state/tests.yml). Declared ones
 * must work; undeclared ones with a feature flag must be absent from `features()`.
 */
export type StateOperation = 'etag' | 'transaction' | 'ttl' | 'first-write' | 'bulk';

/** One state store's entry in the conformance table. */
export interface StateConformanceConfig {
  /** Shown in test names and used in keys, e.g. `state.redis`. */
  name: string;
  /** Returns a fresh, uninitialised store; the suite initialises and closes it. */
  create: () => StateStore;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  operations: readonly StateOperation[];
  config?: {
    /** An ETag this store rejects as malformed (ETagError `invalid`). Default `bad-etag`. */
    badEtag?: string;
  };
}

/** What each group of state tests receives. `store()` is valid inside tests and hooks only. */
export interface StateSuiteContext {
  readonly name: string;
  readonly badEtag: string;
  readonly signal: AbortSignal;
  has(operation: StateOperation): boolean;
  store(): StateStore;
  /** A fresh key for this test; see {@link uniqueKey}. */
  key(label: string): string;
  /** `set` with empty metadata plus any extra request fields. */
  put(key: string, value: Buffer | string, extra?: Partial<Omit<SetRequest, 'key' | 'value'>>): Promise<void>;
  /** `get` with empty metadata. */
  read(key: string): Promise<GetResponse | undefined>;
  /** `read` that fails the test when the key is missing. */
  readExisting(key: string): Promise<GetResponse>;
}

/** The UTF-8 bytes of `value`, or `value` itself when it already is a Buffer. */
export function bytes(value: Buffer | string): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
