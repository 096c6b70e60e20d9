import { uniqueKey } from '@dapr-ts/conformance';
import { isETagError, type TransactionOperation } from '@dapr-ts/components-state';
import { PostgresStateStore } from './postgres-state-store';
import { dropTables, testPostgresUrl, uniqueTableName } from './postgres-test-database';

/** Writers per race, spread over several stores (pools), as several sidecars would be. */
const Writers = 24;
const Stores = 3;

/** How each racer ended: its index when it won, `mismatch` when it lost on the ETag, else the error. */
function outcomes(results: PromiseSettledResult<void>[]): { winners: number[]; losers: string[] } {
  return {
    winners: results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : [])),
    losers: results.flatMap((r) => (r.status === 'rejected' ? [isETagError(r.reason) ? r.reason.kind : String(r.reason)] : [])),
  };
}

describe('PostgresStateStore under concurrent writers', () => {
  const signal = new AbortController().signal;
  const tableName = uniqueTableName('race');
  const properties = { connectionString: testPostgresUrl(), tableName, metadataTableName: `${tableName}_md` };
  const stores: PostgresStateStore[] = [];
  const key = (label: string): string => uniqueKey('state.postgresql-race', label);
  const storeFor = (writer: number): PostgresStateStore => stores[writer % Stores] as PostgresStateStore;
  const text = async (k: string): Promise<string | undefined> => (await storeFor(1).get({ key: k, metadata: {} }, signal))?.data.toString();

  beforeAll(async () => {
    for (let i = 0; i < Stores; i++) {
      const store = new PostgresStateStore();
      await store.init({ name: `racer-${i}`, properties }, signal);
      stores.push(store);
    }
  });

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await dropTables([tableName, `${tableName}_md`]);
  });

  describe('.set()', () => {
    it(`lets exactly one of ${Writers} saves with the same etag win; the others get a mismatch`, async () => {
      const k = key('set');
      await storeFor(0).set({ key: k, value: Buffer.from('"seed"'), metadata: {} }, signal);
      const etag = (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag;
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => storeFor(i).set({ key: k, value: Buffer.from(`"writer-${i}"`), etag, metadata: {} }, signal)));
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect(await text(k)).toBe(`"writer-${winners[0]}"`);
    });

    it(`lets exactly one of ${Writers} deletes with the same etag win`, async () => {
      const k = key('delete');
      await storeFor(0).set({ key: k, value: Buffer.from('1'), metadata: {} }, signal);
      const etag = (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag;
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => storeFor(i).delete({ key: k, etag, metadata: {} }, signal)));
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect(await text(k)).toBeUndefined();
    });

    it(`lets exactly one of ${Writers} first-write creators win`, async () => {
      const k = key('first-write');
      const results = await Promise.allSettled(
        Array.from({ length: Writers }, (_, i) => storeFor(i).set({ key: k, value: Buffer.from(`"writer-${i}"`), metadata: {}, options: { concurrency: 'first-write' } }, signal)),
      );
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect(await text(k)).toBe(`"writer-${winners[0]}"`);
    });
  });

  describe('.multi()', () => {
    it(`lets exactly one of ${Writers} transactions over the same etags commit, all of it`, async () => {
      const [a, b] = [key('tx-a'), key('tx-b')];
      await storeFor(0).multi({ operations: [a, b].map((k) => ({ operation: 'upsert', request: { key: k, value: Buffer.from('"seed"'), metadata: {} } })), metadata: {} }, signal);
      const etags = await Promise.all([a, b].map(async (k) => (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag));
      const transaction = (i: number): TransactionOperation[] =>
        [a, b].map((k, j) => ({ operation: 'upsert', request: { key: k, value: Buffer.from(`"tx-${i}"`), etag: etags[j] as string, metadata: {} } }));
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => storeFor(i).multi({ operations: transaction(i), metadata: {} }, signal)));
      const { winners, losers } = outcomes(results);
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(Writers - 1).fill('mismatch'));
      expect([await text(a), await text(b)]).toEqual([`"tx-${winners[0]}"`, `"tx-${winners[0]}"`]);
    });

    it('never interleaves concurrent unconditional transactions: both keys always hold the same writer', async () => {
      const [a, b] = [key('tx-pair-a'), key('tx-pair-b')];
      const transaction = (i: number): TransactionOperation[] => [a, b].map((k) => ({ operation: 'upsert', request: { key: k, value: Buffer.from(`"tx-${i}"`), metadata: {} } }));
      await Promise.all(Array.from({ length: Writers }, (_, i) => storeFor(i).multi({ operations: transaction(i), metadata: {} }, signal)));
      const [ra, rb] = await Promise.all([a, b].map((k) => storeFor(0).get({ key: k, metadata: {} }, signal)));
      expect(ra?.data.toString()).toBe(rb?.data.toString());
      expect(ra?.etag).toBe(rb?.etag);
    });
  });
});
