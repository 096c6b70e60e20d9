import { StateConcurrencyEnum, StateConsistencyEnum, type DaprClient } from '@dapr/dapr';
import type { DaprdProcess } from '@dapr-ts/testing';
import { Protocols, clientFor, startSidecar } from '../../../support/sidecar-pair';

describe.each(Protocols)('state API over %s with the official SDK', (_name, protocol) => {
  let daprd: DaprdProcess;
  let client: DaprClient;
  const key = (k: string): string => `${k}-${protocol}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'state-e2e' });
    client = clientFor(daprd, protocol);
    await client.start();
  });
  afterAll(async () => {
    await client.stop();
    await daprd.cleanup();
  });

  it('saves, reads and deletes JSON, string and number values', async () => {
    const [a, b, c] = [key('obj'), key('str'), key('num')];
    await client.state.save('statestore', [
      { key: a, value: { orderId: 7, items: ['x'] } },
      { key: b, value: 'hello' },
      { key: c, value: 42 },
    ]);
    expect(await client.state.get('statestore', a)).toEqual({ orderId: 7, items: ['x'] });
    expect(await client.state.get('statestore', b)).toBe('hello');
    expect(await client.state.get('statestore', c)).toBe(42);
    await client.state.delete('statestore', a);
    expect(await client.state.get('statestore', a)).toBe('');
  });

  it('returns bulk results with data for found keys only', async () => {
    const [a, b, missing] = [key('bulk-a'), key('bulk-b'), key('bulk-missing')];
    await client.state.save('statestore', [
      { key: a, value: { n: 1 } },
      { key: b, value: { n: 2 } },
    ]);
    const items = (await client.state.getBulk('statestore', [a, b, missing])) as { key: string; data?: unknown; etag?: string }[];
    const byKey = Object.fromEntries(items.map((i) => [i.key, i]));
    expect(byKey[a]?.data).toEqual({ n: 1 });
    expect(byKey[b]?.data).toEqual({ n: 2 });
    expect(byKey[missing]?.data === undefined || byKey[missing]?.data === '').toBe(true);
    expect(items).toHaveLength(3);
  });

  it('applies a transaction of upserts and deletes', async () => {
    const [a, b] = [key('tx-a'), key('tx-b')];
    await client.state.save('statestore', [{ key: b, value: 'to-delete' }]);
    await client.state.transaction('statestore', [
      { operation: 'upsert', request: { key: a, value: 'upserted' } },
      { operation: 'delete', request: { key: b } },
    ]);
    expect(await client.state.get('statestore', a)).toBe('upserted');
    expect(await client.state.get('statestore', b)).toBe('');
  });

  it('accepts a save with the current etag and refuses a stale one', async () => {
    const k = key('etag');
    await client.state.save('statestore', [{ key: k, value: 'v1' }]);
    const items = (await client.state.getBulk('statestore', [k])) as { etag: string }[];
    const etag = items[0]!.etag;
    const ok = await client.state.save('statestore', [{ key: k, value: 'v2', etag, options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG } }]);
    expect(ok.error).toBeUndefined();
    // The HTTP client returns {error}; the gRPC client throws an Aborted status.
    const stale = await client.state
      .save('statestore', [{ key: k, value: 'v3', etag, options: { concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE, consistency: StateConsistencyEnum.CONSISTENCY_STRONG } }])
      .then((r) => r.error, (err: Error) => err);
    expect(String((stale as Error).message ?? stale)).toMatch(/etag mismatch|409|aborted/i);
    expect(await client.state.get('statestore', k)).toBe('v2');
  });

  it('expires a key saved with metadata.ttlInSeconds', async () => {
    const k = key('ttl');
    await client.state.save('statestore', [{ key: k, value: 'short-lived', metadata: { ttlInSeconds: '1' } }]);
    expect(await client.state.get('statestore', k)).toBe('short-lived');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await client.state.get('statestore', k)).toBe('');
  });

  it('stores keys under the app-id prefix, shared between HTTP and gRPC', async () => {
    const k = key('shared');
    await client.state.save('statestore', [{ key: k, value: { via: String(protocol) } }]);
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/state/statestore/${k}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ via: String(protocol) });
  });
});
