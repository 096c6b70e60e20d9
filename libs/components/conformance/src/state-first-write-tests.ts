import { expectETagError } from './rejection-of';
import type { StateSuiteContext } from './state-conformance-config';

const firstWrite = { options: { concurrency: 'first-write' } } as const;

/** `first-write` concurrency (operation `first-write`): a write without an ETag must not overwrite. */
export function defineStateFirstWriteTests(ctx: StateSuiteContext): void {
  describe('first-write concurrency', () => {
    it('creates a new key without an etag', async () => {
      const key = ctx.key('fw-new');
      await ctx.put(key, 'created', firstWrite);
      expect((await ctx.readExisting(key)).data.toString()).toBe('created');
    });

    it('rejects a write without an etag to an existing key as a mismatch', async () => {
      const key = ctx.key('fw-exists');
      await ctx.put(key, 'original');
      await expectETagError(ctx.put(key, 'overwrite', firstWrite), 'mismatch');
      expect((await ctx.readExisting(key)).data.toString()).toBe('original');
    });

    if (ctx.has('etag')) {
      it('overwrites an existing key given its current etag', async () => {
        const key = ctx.key('fw-etag');
        await ctx.put(key, 'original');
        const { etag } = await ctx.readExisting(key);
        await ctx.put(key, 'updated', { ...firstWrite, ...(etag === undefined ? {} : { etag }) });
        expect((await ctx.readExisting(key)).data.toString()).toBe('updated');
      });
    }
  });
}
