import { isSecretNotFoundError, SecretStoreFeature, type Secret, type SecretStore } from '@dapr-ts/components-secretstores';
import { describeError, rejectionOf } from './rejection-of';
import { uniqueKey } from './unique-key';
import { componentUnderTest } from './component-under-test';

/** Operations a secret store may declare: `bulk` (bulkGetSecret) and `multiple-values` (the feature). */
export type SecretStoreOperation = 'bulk' | 'multiple-values';

/** One secret store's entry in the conformance table. */
export interface SecretStoreConformanceConfig {
  /** Shown in test names, e.g. `secretstores.local.file`. */
  name: string;
  /** Returns a fresh, uninitialised store; the suite initialises and closes it. */
  create: () => SecretStore;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  /** Every secret the fixture holds, exactly as the store must return them. At least one. */
  expected: Record<string, Secret>;
  operations: readonly SecretStoreOperation[];
}

/**
 * Defines the secret store conformance suite for one component, as jest `describe` blocks
 * (contrib tests/conformance/secretstores). Call it at the top level of a spec file. The store is
 * read-only here, so one instance serves every test.
 */
export function runSecretStoreConformance(config: SecretStoreConformanceConfig): void {
  const expected = Object.entries(config.expected);
  if (expected.length === 0) throw new Error(`conformance: ${config.name} needs at least one expected secret`);
  const has = (operation: SecretStoreOperation): boolean => config.operations.includes(operation);

  describe(`secret store conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const store = componentUnderTest<SecretStore>(config, signal);

    describe('features()', () => {
      it(`${has('multiple-values') ? 'lists' : 'does not list'} MULTIPLE_KEY_VALUES_PER_SECRET`, () => {
        expect(store().features().includes(SecretStoreFeature.MultipleKeyValuesPerSecret)).toBe(has('multiple-values'));
      });
    });

    describe('.getSecret()', () => {
      it.each(expected)('returns secret %s exactly', async (name, secret) => {
        await expect(store().getSecret({ name, metadata: {} }, signal)).resolves.toEqual(secret);
      });

      it('throws SecretNotFoundError naming a secret that does not exist', async () => {
        const name = uniqueKey(config.name, 'missing');
        const err = await rejectionOf(store().getSecret({ name, metadata: {} }, signal));
        if (!isSecretNotFoundError(err)) throw new Error(`expected SecretNotFoundError, got ${describeError(err)}`);
        expect(err.secretName).toBe(name);
      });

      it('returns a fresh map each time, so callers cannot change the store', async () => {
        const [name, secret] = expected[0] as [string, Secret];
        const first = await store().getSecret({ name, metadata: {} }, signal);
        for (const key of Object.keys(first)) first[key] = 'tampered';
        first['injected'] = 'tampered';
        await expect(store().getSecret({ name, metadata: {} }, signal)).resolves.toEqual(secret);
      });

      if (has('multiple-values')) {
        it('returns every key of a multi-valued secret', async () => {
          const multi = expected.filter(([, secret]) => Object.keys(secret).length > 1);
          expect(multi.length).toBeGreaterThan(0); // the fixture must exercise the feature
          for (const [name, secret] of multi) await expect(store().getSecret({ name, metadata: {} }, signal)).resolves.toEqual(secret);
        });
      } else {
        it('returns one value per secret, keyed by the secret name', async () => {
          for (const [name] of expected) expect(Object.keys(await store().getSecret({ name, metadata: {} }, signal))).toEqual([name]);
        });
      }
    });

    if (has('bulk')) {
      describe('.bulkGetSecret()', () => {
        it('returns exactly the expected secrets', async () => {
          await expect(store().bulkGetSecret({}, signal)).resolves.toEqual(config.expected);
        });
      });
    }
  });
}
