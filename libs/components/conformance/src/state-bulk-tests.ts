import { bulkDelete, bulkGet, bulkSet, isBulkStoreError, isETagError } from '@dapr-ts/components-state';
import { describeError, rejectionOf } from './rejection-of';
import { bytes, type StateSuiteContext } from './state-conformance-config';

/** The shared bulk helpers over this store (operation `bulk`); a store's native bulkGet must agree. */
export function defineStateBulkTests(ctx: StateSuiteContext): void {
  describe('bulk helpers', () => {
    const set = (key: string, value: string, etag?: string) => ({ key, value: bytes(value), metadata: {}, ...(etag === undefined ? {} : { etag }) });
    const text = async (key: string): Promise<string | undefined> => (await ctx.read(key))?.data.toString();

    it('bulkGet returns every key in order, with data only for those that exist', async () => {
      const [a, missing, b] = [ctx.key('bulk-a'), ctx.key('bulk-missing'), ctx.key('bulk-b')];
      await ctx.put(a, 'A');
      await ctx.put(b, 'B');
      const items = await bulkGet(ctx.store(), [a, missing, b].map((key) => ({ key, metadata: {} })), ctx.signal);
      expect(items.map((item) => ({ key: item.key, data: item.data?.toString(), error: item.error }))).toEqual([
        { key: a, data: 'A', error: undefined },
        { key: missing, data: undefined, error: undefined },
        { key: b, data: 'B', error: undefined },
      ]);
      if (ctx.has('etag')) expect([items[0]?.etag, items[2]?.etag]).toEqual([expect.any(String), expect.any(String)]);
    });

    it('bulkSet writes every key and bulkDelete removes them, missing ones included', async () => {
      const keys = [ctx.key('bulk-set-1'), ctx.key('bulk-set-2'), ctx.key('bulk-set-3')];
      await bulkSet(ctx.store(), keys.map((key, i) => set(key, `value-${i}`)), ctx.signal);
      expect(await Promise.all(keys.map(text))).toEqual(['value-0', 'value-1', 'value-2']);
      await bulkDelete(ctx.store(), [...keys, ctx.key('bulk-del-missing')].map((key) => ({ key, metadata: {} })), ctx.signal);
      expect(await Promise.all(keys.map(text))).toEqual([undefined, undefined, undefined]);
    });

    if (ctx.has('etag')) {
      it('bulkSet reports a failing key as a BulkStoreError and still writes the others', async () => {
        const [stale, b, c] = [ctx.key('bulk-stale'), ctx.key('bulk-ok-b'), ctx.key('bulk-ok-c')];
        await ctx.put(stale, 's1');
        const { etag } = await ctx.readExisting(stale);
        await ctx.put(stale, 's2');
        const err = await rejectionOf(bulkSet(ctx.store(), [set(b, 'B'), set(stale, 's3', etag), set(c, 'C')], ctx.signal));
        if (!isBulkStoreError(err)) throw new Error(`expected BulkStoreError, got ${describeError(err)}`);
        expect(err.key).toBe(stale);
        expect(isETagError(err.cause) && err.cause.kind).toBe('mismatch');
        // Bulk writes are not transactional (Dapr #6342): the other keys were written.
        expect([await text(b), await text(stale), await text(c)]).toEqual(['B', 's2', 'C']);
      });
    }
  });
}
