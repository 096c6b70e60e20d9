import { isETagError } from '@dapr-ts/components-state';
import { expectETagError } from './rejection-of';
import type { StateSuiteContext } from './state-conformance-config';

/** Concurrent writers in the ETag race; exactly one may win. */
const Writers = 10;

/** Optimistic concurrency with ETags (operation `etag`). */
export function defineStateEtagTests(ctx: StateSuiteContext): void {
  describe('etags', () => {
    /** Writes `value` to a fresh key and returns the key with its ETag. */
    async function seeded(label: string, value = 'v1'): Promise<{ key: string; etag: string }> {
      const key = ctx.key(label);
      await ctx.put(key, value);
      const { etag } = await ctx.readExisting(key);
      if (!etag) throw new Error(`get returned no etag for ${key}`);
      return { key, etag };
    }

    it('returns a non-empty etag that changes on every write', async () => {
      const { key, etag: first } = await seeded('etag-changes');
      await ctx.put(key, 'v2');
      const second = (await ctx.readExisting(key)).etag;
      await ctx.put(key, 'v2');
      const third = (await ctx.readExisting(key)).etag;
      expect(first).not.toBe('');
      expect(new Set([first, second, third]).size).toBe(3);
    });

    it('sets when the etag matches, and the etag changes', async () => {
      const { key, etag } = await seeded('etag-set-ok');
      await ctx.put(key, 'v2', { etag });
      const found = await ctx.readExisting(key);
      expect(found.data.toString()).toBe('v2');
      expect(found.etag).not.toBe(etag);
    });

    it('rejects a set with a stale etag as a mismatch and keeps the value', async () => {
      const { key, etag: stale } = await seeded('etag-set-stale');
      await ctx.put(key, 'v2');
      await expectETagError(ctx.put(key, 'v3', { etag: stale }), 'mismatch');
      expect((await ctx.readExisting(key)).data.toString()).toBe('v2');
    });

    it('rejects a delete with a stale etag as a mismatch and keeps the key', async () => {
      const { key, etag: stale } = await seeded('etag-delete-stale');
      await ctx.put(key, 'v2');
      await expectETagError(ctx.store().delete({ key, etag: stale, metadata: {} }, ctx.signal), 'mismatch');
      expect((await ctx.readExisting(key)).data.toString()).toBe('v2');
    });

    it('deletes when the etag matches', async () => {
      const { key, etag } = await seeded('etag-delete-ok');
      await ctx.store().delete({ key, etag, metadata: {} }, ctx.signal);
      await expect(ctx.read(key)).resolves.toBeUndefined();
    });

    it('rejects a malformed etag as invalid', async () => {
      const { key } = await seeded('etag-invalid');
      await expectETagError(ctx.put(key, 'v2', { etag: ctx.badEtag }), 'invalid');
      await expectETagError(ctx.store().delete({ key, etag: ctx.badEtag, metadata: {} }, ctx.signal), 'invalid');
      expect((await ctx.readExisting(key)).data.toString()).toBe('v1');
    });

    it(`lets exactly one of ${Writers} concurrent writers with the same etag win`, async () => {
      const { key, etag } = await seeded('etag-race');
      const results = await Promise.allSettled(Array.from({ length: Writers }, (_, i) => ctx.put(key, `writer-${i}`, { etag })));
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      const losers = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers.map((err) => (isETagError(err) ? err.kind : String(err)))).toEqual(Array(Writers - 1).fill('mismatch'));
      expect((await ctx.readExisting(key)).data.toString()).toBe(`writer-${winners[0]}`);
    });
  });
}
