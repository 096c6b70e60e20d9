import { isTransactionalStateStore, StateFeature, type StateStore } from '@dapr-ts/components-state';
import { bytes, type StateConformanceConfig, type StateOperation, type StateSuiteContext } from './state-conformance-config';
import { defineStateBulkTests } from './state-bulk-tests';
import { defineStateCrudTests } from './state-crud-tests';
import { defineStateEtagTests } from './state-etag-tests';
import { defineStateFirstWriteTests } from './state-first-write-tests';
import { defineStateTransactionTests } from './state-transaction-tests';
import { defineStateTtlTests } from './state-ttl-tests';
import { uniqueKey } from './unique-key';
import { componentUnderTest } from './component-under-test';

/** Operations that a `features()` entry advertises; the others (first-write, bulk) have no flag. */
const FeatureOf = {
  etag: StateFeature.ETag,
  transaction: StateFeature.Transactional,
  ttl: StateFeature.TTL,
} as const satisfies Partial<Record<StateOperation, StateFeature>>;

/**
 * Defines the state store conformance suite for one component, as jest `describe` blocks: one list
 * of behaviours run against every store (contrib tests/conformance/state/state.go). Call it at the
 * top level of a spec file. The store is created and initialised once in `beforeAll` and closed in
 * `afterAll`; every test uses its own random keys, so real shared servers are safe to use.
 */
export function runStateConformance(config: StateConformanceConfig): void {
  describe(`state conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const store = componentUnderTest<StateStore>(config, signal);
    const ctx: StateSuiteContext = {
      name: config.name,
      badEtag: config.config?.badEtag ?? 'bad-etag',
      signal,
      has: (operation) => config.operations.includes(operation),
      store,
      key: (label) => uniqueKey(config.name, label),
      put: (key, value, extra = {}) => store().set({ metadata: {}, ...extra, key, value: bytes(value) }, signal),
      read: (key) => store().get({ key, metadata: {} }, signal),
      readExisting: async (key) => {
        const found = await store().get({ key, metadata: {} }, signal);
        if (!found) throw new Error(`expected key ${key} to exist`);
        return found;
      },
    };

    describe('features()', () => {
      it.each(Object.entries(FeatureOf))('lists the %s feature exactly when the operation is declared', (operation, feature) => {
        expect(store().features().includes(feature)).toBe(ctx.has(operation as StateOperation));
      });

      it('lists each feature once', () => {
        const features = store().features();
        expect(new Set(features).size).toBe(features.length);
      });

      it(`is${ctx.has('transaction') ? '' : ' not'} a TransactionalStateStore`, () => {
        expect(isTransactionalStateStore(store())).toBe(ctx.has('transaction'));
      });
    });

    defineStateCrudTests(ctx);
    if (ctx.has('etag')) defineStateEtagTests(ctx);
    if (ctx.has('first-write')) defineStateFirstWriteTests(ctx);
    if (ctx.has('transaction')) defineStateTransactionTests(ctx);
    if (ctx.has('ttl')) defineStateTtlTests(ctx);
    if (ctx.has('bulk')) defineStateBulkTests(ctx);
  });
}
