import { isETagError, isTransactionalStateStore, type StateStore, type TransactionalStateStore, type TransactionOperation } from '@dapr-ts/components-state';
import type { StateOperation } from './state-conformance-config';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/**
 * What a store's ETags reveal, for exact assertions after a race:
 * - `versions`: a key's ETag counts its writes, `1`, `2`, … (Redis's hash layout);
 * - `transaction-ids`: every row one transaction writes gets the same ETag (Postgres `xmin`);
 * - `opaque`: nothing beyond "changes on every write" (UUIDs).
 */
export type ETagScheme = 'versions' | 'transaction-ids' | 'opaque';

/** One state store's entry for {@link runStateConcurrencyConformance}. */
export interface StateConcurrencyConformanceConfig {
  /** Shown in test names and used in keys, e.g. `state.postgresql`. */
  name: string;
  /** Returns a fresh, uninitialised store; the suite makes several and initialises each with `metadata`. */
  create: () => StateStore;
  /** The component's `spec.metadata`: every store must reach the same data, as several sidecars would. */
  metadata: Record<string, string>;
  /** Which races run: `etag` (saves, deletes), `first-write`, `first-write` with `ttl`, `transaction`. */
  operations: readonly StateOperation[];
  config?: {
    /** Default `opaque`. */
    etags?: ETagScheme;
    /**
     * What a write or delete with an ETag does to a missing key: fail as a `mismatch` (Dapr's SQL
     * stores, the default) or proceed as if the ETag matched (Dapr's Redis store).
     */
    missingKeyEtag?: 'mismatch' | 'accepted';
    /** Racers per race. Default 24. */
    writers?: number;
    /** Stores (connections, pools) the racers are spread over. Default 3. */
    stores?: number;
  };
}

/** How a race ended: the indexes of the racers that succeeded, and how each other one failed. */
interface RaceResult {
  winners: number[];
  /** `mismatch` for a racer that lost on the ETag (ETagError kind), else the error as text. */
  losers: string[];
}

/**
 * Defines the concurrency suite for one state store, as jest `describe` blocks: racers spread
 * over several stores write the same keys at once, and exactly one may win each race (an ETag
 * compare-and-swap, a first-write creation, a conditional transaction), the others losing with
 * an ETag mismatch; transactions never interleave. Call it at the top level of a spec file. The
 * suite deletes the keys it wrote and closes its stores in `afterAll`.
 */
export function runStateConcurrencyConformance(config: StateConcurrencyConformanceConfig): void {
  const writers = config.config?.writers ?? 24;
  const storeCount = config.config?.stores ?? 3;
  const etagScheme = config.config?.etags ?? 'opaque';
  const missingKeyEtag = config.config?.missingKeyEtag ?? 'mismatch';
  const has = (operation: StateOperation): boolean => config.operations.includes(operation);

  describe(`state concurrency conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const stores: StateStore[] = [];
    const written: string[] = [];
    const key = (label: string): string => {
      const k = uniqueKey(`${config.name}-race`, label);
      written.push(k);
      return k;
    };
    const storeFor = (writer: number): StateStore => {
      const store = stores[writer % stores.length];
      if (!store) throw new Error(`concurrency conformance: stores of ${config.name} used outside a test`);
      return store;
    };
    const transactional = (writer: number): TransactionalStateStore => {
      const store = storeFor(writer);
      if (!isTransactionalStateStore(store)) throw new Error(`concurrency conformance: ${config.name} declares transaction but is not a TransactionalStateStore`);
      return store;
    };
    const read = (k: string) => storeFor(1).get({ key: k, metadata: {} }, signal);
    const text = async (k: string): Promise<string | undefined> => (await read(k))?.data.toString();
    const race = async (run: (writer: number) => Promise<void>): Promise<RaceResult> => {
      const results = await Promise.allSettled(Array.from({ length: writers }, (_, i) => run(i)));
      return {
        winners: results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : [])),
        losers: results.flatMap((r) => (r.status === 'rejected' ? [isETagError(r.reason) ? r.reason.kind : String(r.reason)] : [])),
      };
    };
    /** Exactly one winner; every other racer lost on the ETag. Returns the winner. */
    const expectOneWinner = ({ winners, losers }: RaceResult): number => {
      expect(winners).toHaveLength(1);
      expect(losers).toEqual(Array(writers - 1).fill('mismatch'));
      return winners[0] as number;
    };
    const firstWrite = (k: string) => (writer: number) => storeFor(writer).set({ key: k, value: Buffer.from(`"writer-${writer}"`), metadata: {}, options: { concurrency: 'first-write' } }, signal);

    beforeAll(async () => {
      for (let i = 0; i < storeCount; i++) {
        const store = config.create();
        await store.init({ name: `racer-${i}`, properties: { ...config.metadata } }, signal);
        stores.push(store);
      }
    });

    afterAll(async () => {
      const [first] = stores;
      if (first) await Promise.all(written.map((k) => first.delete({ key: k, metadata: {} }, signal)));
      await Promise.all(stores.splice(0).map((store) => store.close()));
    });

    if (has('etag')) {
      describe('.set() and .delete() with one etag', () => {
        it(`lets exactly one of ${writers} saves with the same etag win; the others get a mismatch`, async () => {
          const k = key('set');
          await storeFor(0).set({ key: k, value: Buffer.from('"seed"'), metadata: {} }, signal);
          const etag = (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag;
          const winner = expectOneWinner(await race((i) => storeFor(i).set({ key: k, value: Buffer.from(`"writer-${i}"`), etag, metadata: {} }, signal)));
          const after = await read(k);
          expect(after?.data.toString()).toBe(`"writer-${winner}"`);
          if (etagScheme === 'versions') expect(after?.etag).toBe('2');
        });

        const deleteRace = async (k: string): Promise<RaceResult> => {
          await storeFor(0).set({ key: k, value: Buffer.from('1'), metadata: {} }, signal);
          const etag = (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag;
          return race((i) => storeFor(i).delete({ key: k, etag, metadata: {} }, signal));
        };

        if (missingKeyEtag === 'mismatch') {
          it(`lets exactly one of ${writers} deletes with the same etag win`, async () => {
            const k = key('delete');
            expectOneWinner(await deleteRace(k));
            expect(await text(k)).toBeUndefined();
          });
        } else {
          it(`lets all ${writers} deletes with the same etag succeed, as the key is gone for all but the first`, async () => {
            const k = key('delete');
            expect(await deleteRace(k)).toEqual({ winners: Array.from({ length: writers }, (_, i) => i), losers: [] });
            expect(await text(k)).toBeUndefined();
          });
        }
      });
    }

    if (has('first-write')) {
      describe('.set() with first-write', () => {
        it(`lets exactly one of ${writers} first-write creators win`, async () => {
          const k = key('first-write');
          const winner = expectOneWinner(await race(firstWrite(k)));
          expect(await text(k)).toBe(`"writer-${winner}"`);
        });

        if (has('ttl')) {
          it(`lets exactly one of ${writers} creators replace an expired key`, async () => {
            const k = key('first-write-expired');
            await storeFor(0).set({ key: k, value: Buffer.from('"old"'), metadata: { ttlInSeconds: '1' } }, signal);
            await waitFor(`key ${k} to expire`, async () => (await text(k)) === undefined, { timeoutMs: 5000, intervalMs: 100 });
            const winner = expectOneWinner(await race(firstWrite(k)));
            expect(await text(k)).toBe(`"writer-${winner}"`);
          }, 10_000);
        }
      });
    }

    if (has('transaction')) {
      describe('.multi()', () => {
        const upsert = (k: string, value: string, etag?: string): TransactionOperation => ({ operation: 'upsert', request: { key: k, value: Buffer.from(value), metadata: {}, ...(etag === undefined ? {} : { etag }) } });

        if (has('etag')) {
          it(`lets exactly one of ${writers} transactions over the same etags commit, all of it`, async () => {
            const [a, b] = [key('tx-a'), key('tx-b')];
            await transactional(0).multi({ operations: [upsert(a, '"seed"'), upsert(b, '"seed"')], metadata: {} }, signal);
            const etags = await Promise.all([a, b].map(async (k) => (await storeFor(0).get({ key: k, metadata: {} }, signal))?.etag));
            const winner = expectOneWinner(await race((i) => transactional(i).multi({ operations: [upsert(a, `"tx-${i}"`, etags[0]), upsert(b, `"tx-${i}"`, etags[1])], metadata: {} }, signal)));
            expect([await text(a), await text(b)]).toEqual([`"tx-${winner}"`, `"tx-${winner}"`]);
          });
        }

        it('never interleaves concurrent unconditional transactions: both keys always hold the same writer', async () => {
          const [a, b] = [key('tx-pair-a'), key('tx-pair-b')];
          await Promise.all(Array.from({ length: writers }, (_, i) => transactional(i).multi({ operations: [upsert(a, `"tx-${i}"`), upsert(b, `"tx-${i}"`)], metadata: {} }, signal)));
          const [ra, rb] = await Promise.all([a, b].map((k) => storeFor(0).get({ key: k, metadata: {} }, signal)));
          expect(ra?.data.toString()).toBe(rb?.data.toString());
          if (etagScheme === 'transaction-ids') expect(ra?.etag).toBe(rb?.etag);
          if (etagScheme === 'versions') expect([ra?.etag, rb?.etag]).toEqual([String(writers), String(writers)]);
        });
      });
    }
  });
}
