import { randomBytes } from 'node:crypto';
import type { StateSuiteContext } from './state-conformance-config';

/** Get, set and delete: what every state store must do. */
export function defineStateCrudTests(ctx: StateSuiteContext): void {
  describe('.set() and .get()', () => {
    it('round-trips a JSON value byte for byte', async () => {
      const key = ctx.key('json');
      const json = JSON.stringify({ name: 'Ünïcödé ✓', count: 42, nested: { list: [1, 'two', null, true] } });
      await ctx.put(key, json);
      const found = await ctx.readExisting(key);
      expect(found.data.toString('utf8')).toBe(json);
    });

    it('round-trips binary data that is not valid UTF-8', async () => {
      const key = ctx.key('binary');
      const value = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x00]), randomBytes(64)]);
      await ctx.put(key, value);
      const found = await ctx.readExisting(key);
      expect(found.data.toString('hex')).toBe(value.toString('hex'));
    });

    it('returns the last value written', async () => {
      const key = ctx.key('overwrite');
      await ctx.put(key, 'first');
      await ctx.put(key, 'second');
      expect((await ctx.readExisting(key)).data.toString()).toBe('second');
    });

    it('returns undefined for a key that was never written', async () => {
      await expect(ctx.read(ctx.key('missing'))).resolves.toBeUndefined();
    });
  });

  describe('.delete()', () => {
    it('removes the key', async () => {
      const key = ctx.key('delete');
      await ctx.put(key, 'doomed');
      await ctx.store().delete({ key, metadata: {} }, ctx.signal);
      await expect(ctx.read(key)).resolves.toBeUndefined();
    });

    it('succeeds for a key that does not exist', async () => {
      await expect(ctx.store().delete({ key: ctx.key('delete-missing'), metadata: {} }, ctx.signal)).resolves.toBeUndefined();
    });

    it('leaves other keys alone', async () => {
      const keep = ctx.key('keep');
      const drop = ctx.key('drop');
      await ctx.put(keep, 'kept');
      await ctx.put(drop, 'dropped');
      await ctx.store().delete({ key: drop, metadata: {} }, ctx.signal);
      expect((await ctx.readExisting(keep)).data.toString()).toBe('kept');
    });
  });
}
