import type { ComponentMetadata } from '@dapr-ts/components-common';
import { SecretNotFoundError, type GetSecretRequest, type Secret, type SecretStore, type SecretStoreFeature } from '@dapr-ts/components-secretstores';
import { ETagError, type DeleteRequest, type GetRequest, type GetResponse, type SetRequest, type StateFeature, type StateStore } from '@dapr-ts/components-state';
import { expectETagError, rejectionOf } from './rejection-of';
import { runSecretStoreConformance } from './secret-store-conformance';
import { runStateConformance } from './state-conformance';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/**
 * The plainest possible state store: last-write only, no ETags, TTLs or transactions. Running the
 * suite against it checks the "undeclared" side: nothing optional may be listed or required.
 */
class PlainMapStateStore implements StateStore {
  private readonly items = new Map<string, Buffer>();
  async init(_metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {}
  features(): readonly StateFeature[] {
    return [];
  }
  async get(request: GetRequest, _signal: AbortSignal): Promise<GetResponse | undefined> {
    const data = this.items.get(request.key);
    return data ? { data: Buffer.from(data) } : undefined;
  }
  async set(request: SetRequest, _signal: AbortSignal): Promise<void> {
    this.items.set(request.key, Buffer.from(request.value));
  }
  async delete(request: DeleteRequest, _signal: AbortSignal): Promise<void> {
    this.items.delete(request.key);
  }
  async close(): Promise<void> {}
}

class FixedSecretStore implements SecretStore {
  private readonly secrets: Record<string, Secret>;
  constructor(secrets: Record<string, Secret>) {
    this.secrets = secrets;
  }
  async init(_metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {}
  features(): readonly SecretStoreFeature[] {
    return [];
  }
  async getSecret(request: GetSecretRequest, _signal: AbortSignal): Promise<Secret> {
    const secret = this.secrets[request.name];
    if (!secret) throw new SecretNotFoundError(request.name);
    return { ...secret };
  }
  async bulkGetSecret(_metadata: Record<string, string>, _signal: AbortSignal): Promise<Record<string, Secret>> {
    return Object.fromEntries(Object.entries(this.secrets).map(([name, secret]) => [name, { ...secret }]));
  }
  async close(): Promise<void> {}
}

runStateConformance({ name: 'plain-map', create: () => new PlainMapStateStore(), metadata: {}, operations: ['bulk'] });

runSecretStoreConformance({ name: 'fixed', create: () => new FixedSecretStore({ a: { a: '1' }, b: { b: '2' } }), metadata: {}, expected: { a: { a: '1' }, b: { b: '2' } }, operations: [] });

describe('runSecretStoreConformance()', () => {
  it('refuses a fixture with no expected secrets', () => {
    expect(() => runSecretStoreConformance({ name: 'empty', create: () => new FixedSecretStore({}), metadata: {}, expected: {}, operations: [] })).toThrow(
      'conformance: empty needs at least one expected secret',
    );
  });
});

describe('uniqueKey()', () => {
  it('names the suite and label and differs on every call', () => {
    const [a, b] = [uniqueKey('state.redis v2', 'etag'), uniqueKey('state.redis v2', 'etag')];
    expect(a).toMatch(/^conf-state\.redis-v2-etag-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe('waitFor()', () => {
  it('resolves once the check passes', async () => {
    let calls = 0;
    await waitFor('three calls', async () => ++calls === 3, { timeoutMs: 1000, intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('throws naming what it waited for after the timeout', async () => {
    await expect(waitFor('godot', async () => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow('timed out after 20 ms waiting for godot');
  });
});

describe('rejectionOf() and expectETagError()', () => {
  it('fails when the operation succeeds', async () => {
    await expect(rejectionOf(Promise.resolve())).rejects.toThrow('expected the operation to fail, but it succeeded');
  });

  it('fails on an error that is not an ETagError', async () => {
    await expect(expectETagError(Promise.reject(new Error('boom')), 'mismatch')).rejects.toThrow('expected ETagError(mismatch), got Error: boom');
  });

  it('returns a matching ETagError', async () => {
    await expect(expectETagError(Promise.reject(new ETagError('invalid')), 'invalid')).resolves.toMatchObject({ kind: 'invalid' });
  });
});
