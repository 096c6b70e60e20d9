import { isTransactionalStateStore, type TransactionalStateStore, type TransactionOperation } from '@dapr-ts/components-state';
import { expectETagError } from './rejection-of';
import { bytes, type StateSuiteContext } from './state-conformance-config';

/** Transactions (operation `transaction`): all operations or none. */
export function defineStateTransactionTests(ctx: StateSuiteContext): void {
  describe('.multi()', () => {
    function transactional(): TransactionalStateStore {
      const store = ctx.store();
      if (!isTransactionalStateStore(store)) throw new Error(`${ctx.name} declares 'transaction' but has no multi()`);
      return store;
    }
    const upsert = (key: string, value: string, etag?: string): TransactionOperation => ({
      operation: 'upsert',
      request: { key, value: bytes(value), metadata: {}, ...(etag === undefined ? {} : { etag }) },
    });
    const remove = (key: string): TransactionOperation => ({ operation: 'delete', request: { key, metadata: {} } });
    const text = async (key: string): Promise<string | undefined> => (await ctx.read(key))?.data.toString();

    it('applies upserts and deletes together', async () => {
      const [a, b, c] = [ctx.key('tx-a'), ctx.key('tx-b'), ctx.key('tx-c')];
      await ctx.put(b, 'old-b');
      await ctx.put(c, 'old-c');
      await transactional().multi({ operations: [upsert(a, 'new-a'), upsert(b, 'new-b'), remove(c)], metadata: {} }, ctx.signal);
      expect([await text(a), await text(b), await text(c)]).toEqual(['new-a', 'new-b', undefined]);
    });

    it('succeeds with no operations', async () => {
      await expect(transactional().multi({ operations: [], metadata: {} }, ctx.signal)).resolves.toBeUndefined();
    });

    if (ctx.has('etag')) {
      it('applies nothing when one operation carries a stale etag', async () => {
        const [a, b, fresh, gone] = [ctx.key('tx-stale-a'), ctx.key('tx-stale-b'), ctx.key('tx-stale-new'), ctx.key('tx-stale-del')];
        await ctx.put(a, 'a1');
        const stale = (await ctx.readExisting(a)).etag;
        await ctx.put(a, 'a2');
        await ctx.put(b, 'b1');
        await ctx.put(gone, 'kept');
        // The stale operation comes last, so a store that applied operations one by one would be caught.
        const operations = [upsert(fresh, 'created'), upsert(b, 'b2'), remove(gone), upsert(a, 'a3', stale)];
        await expectETagError(transactional().multi({ operations, metadata: {} }, ctx.signal), 'mismatch');
        expect([await text(fresh), await text(b), await text(gone), await text(a)]).toEqual([undefined, 'b1', 'kept', 'a2']);
      });

      it('applies operations whose etags all match', async () => {
        const a = ctx.key('tx-etag-ok');
        await ctx.put(a, 'a1');
        const { etag } = await ctx.readExisting(a);
        await transactional().multi({ operations: [upsert(a, 'a2', etag)], metadata: {} }, ctx.signal);
        expect(await text(a)).toBe('a2');
      });
    }
  });
}
