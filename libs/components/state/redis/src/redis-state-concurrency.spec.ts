import { uniqueKey } from '@dapr-ts/conformance';
import { isETagError, type TransactionOperation } from '@dapr-ts/components-state';
import { RedisStateStore } from './redis-state-store';
import { testRedisProperties } from '@dapr-ts/testing';

/** Writers per race, spread over several stores (connections), as several sidecars would be. */
const Writers = 24;
const Stores = 3;

/** How each racer ended: its index when it won, `mismatch` when it lost on the ETag, else the error. */
function outcomes(results: PromiseSettledResult<void>[]): { winners: number[]; losers: string[] } {
  return {
    winners: results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : [])),
    losers: results.flatMap((r) => (r.status === 'rejected' ? [isETagError(r.reason) ? r.reason.kind : String(r.reason)] : [])),
  };
}

describe('RedisStateStore under concurrent writers', () => {
  const signal = new AbortController().signal;
  const properties = testRedisProperties();
  const stores: RedisStateStore[] = [];
  const keys: string[] = [];
  const key = (label: string): string => {
    const k = uniqueKey('state.redis-race', label);
    keys.push(k);
    return k;
  };
  const storeFor = (writer: number): RedisStateStore => stores[writer % Stores] as RedisStateStore;

  beforeAll(async () => {
    for (let i = 0; i < Stores; i++) {
      const store = new RedisStateStore();
      await store.init({ name: `racer-${i}`, properties }, signal);
      stores.push(store);
    }
  });

  afterAll(async () => {
    const [first] = stores;
    if (first) await first.multi({ operations: keys.map((k) => ({ operation: 'delete', request: { key: k, metadata: {} } })), metadata: {} }, signal);
    await Promise.all(stores.map((store) => store.close()));
  });

  describe('.set()', () => {
    it(`lets exactly one of ${Writers} saves with the same etag win; the others get a mismatch`, async () => {
      const k = key('set');
      await storeFor(0).set({ key: k, value: Buffer.from('seed'), metadata: {} }, signal);
      const etag = (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag;
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => storeFor(i).set({ key: k, value: Buffer.from(`writer-${i}`), etag, metadata: {} }, signal)));
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect(await storeFor(1).get({ key: k, metadata: {} }, signal)).toEqual({ data: Buffer.from(`writer-${winners[0]}`), etag: '2' });
    });

    it(`lets exactly one of ${Writers} first-write creators win`, async () => {
      const k = key('first-write');
      const results = await Promise.allSettled(
        Array.from({ length: Writers }, (_, i) => storeFor(i).set({ key: k, value: Buffer.from(`writer-${i}`), metadata: {}, options: { concurrency: 'first-write' } }, signal)),
      );
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect((await storeFor(2).get({ key: k, metadata: {} }, signal))?.data.toString()).toBe(`writer-${winners[0]}`);
    });
  });

  describe('.multi()', () => {
    it(`lets exactly one of ${Writers} transactions over the same etags commit, all of it`, async () => {
      const [a, b] = [key('tx-a'), key('tx-b')];
      await storeFor(0).multi({ operations: [a, b].map((k) => ({ operation: 'upsert', request: { key: k, value: Buffer.from('seed'), metadata: {} } })), metadata: {} }, signal);
      const transaction = (i: number): TransactionOperation[] =>
        [a, b].map((k) => ({ operation: 'upsert', request: { key: k, value: Buffer.from(`tx-${i}`), etag: '1', metadata: {} } }));
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => storeFor(i).multi({ operations: transaction(i), metadata: {} }, signal)));
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      const read = async (k: string) => (await storeFor(1).get({ key: k, metadata: {} }, signal))?.data.toString();
      expect([await read(a), await read(b)]).toEqual([`tx-${winners[0]}`, `tx-${winners[0]}`]);
    });

    it('never interleaves concurrent unconditional transactions: both keys always hold the same writer', async () => {
      const [a, b] = [key('tx-pair-a'), key('tx-pair-b')];
      const transaction = (i: number): TransactionOperation[] => [a, b].map((k) => ({ operation: 'upsert', request: { key: k, value: Buffer.from(`tx-${i}`), metadata: {} } }));
      await Promise.all(Array.from({ length: Writers }, (_, i) => storeFor(i).multi({ operations: transaction(i), metadata: {} }, signal)));
      const [ra, rb] = await Promise.all([a, b].map((k) => storeFor(0).get({ key: k, metadata: {} }, signal)));
      expect(ra?.data.toString()).toBe(rb?.data.toString());
      expect([ra?.etag, rb?.etag]).toEqual([String(Writers), String(Writers)]);
    });
  });
});
