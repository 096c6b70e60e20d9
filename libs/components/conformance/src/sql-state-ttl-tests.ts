import { isMetadataError } from '@dapr-ts/components-common';
import { failureOf } from './rejection-of';
import type { SqlSuiteContext } from './sql-state-conformance-config';
import { waitFor } from './wait-for';

const DefaultInvalidTtls = ['0', '-2', '1.5', 'abc'];

/** TTLs in the expiry column, and the periodic sweep of expired rows (see {@link runSqlStateConformance}). */
export function defineSqlStateTtlTests(ctx: SqlSuiteContext): void {
  const { config, signal } = ctx;

  describe('ttlInSeconds', () => {
    it('sets the expiry, and a later write without a TTL clears it', async () => {
      const k = ctx.key('ttl');
      await ctx.put(k, '1', { metadata: { ttlInSeconds: '100' } });
      const expires = (await ctx.tables().row(k))?.expiresAt ?? 0;
      expect(Math.abs(expires - (Date.now() + 100_000))).toBeLessThan(5000);
      await ctx.put(k, '2');
      expect((await ctx.tables().row(k))?.expiresAt).toBeNull();
    });

    it.each([...(config.invalidTtls ?? DefaultInvalidTtls)])('rejects %j with a MetadataError naming ttlInSeconds, writing nothing', async (ttl) => {
      const k = ctx.key('bad-ttl');
      const err = await failureOf(ctx.put(k, '1', { metadata: { ttlInSeconds: ttl } }));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect(await ctx.tables().row(k)).toBeUndefined();
    });

    it('hides an expired row that is still in the table, and first-write may replace it', async () => {
      const k = ctx.key('expired');
      await ctx.tables().insertRows([{ key: k, expiresInSeconds: -60 }]);
      expect(await ctx.read(k)).toBeUndefined();
      await ctx.put(k, '2', { options: { concurrency: 'first-write' } });
      expect(await ctx.text(k)).toBe('2');
    });
  });

  describe('.cleanupExpired()', () => {
    it('deletes expired rows once per interval, recording last-cleanup in the metadata table', async () => {
      const metadata = config.freshMetadata('sweep', { cleanupInterval: '1h' });
      const tables = config.tables(metadata);
      await ctx.withStore(metadata, async (sweeper) => {
        // init swept the empty table already, so the next sweep within the hour is skipped.
        await tables.insertRows([
          { key: 'gone', expiresInSeconds: -1 },
          { key: 'kept', expiresInSeconds: 3600 },
        ]);
        expect(await sweeper.cleanupExpired(signal)).toBe(0);
        await tables.backdateLastCleanup(2);
        expect(await sweeper.cleanupExpired(signal)).toBe(1);
        expect(await tables.keys()).toEqual(['kept']);
      });
    });

    it('runs on its own every cleanupInterval', async () => {
      const metadata = config.freshMetadata('timer', { cleanupInterval: '1s' });
      const tables = config.tables(metadata);
      await ctx.withStore(metadata, async (sweeper) => {
        await sweeper.set({ key: 'short', value: Buffer.from('1'), metadata: { ttlInSeconds: '1' } }, signal);
        await waitFor('the expired row to be deleted', async () => (await tables.keys()).length === 0, { timeoutMs: 10_000, intervalMs: 200 });
      });
    }, 15_000);

    it('never sweeps on its own when cleanupInterval is 0', async () => {
      const metadata = config.freshMetadata('nosweep', { cleanupInterval: '0' });
      await ctx.withStore(metadata, async () => undefined);
      expect(await config.tables(metadata).hasLastCleanup()).toBe(false);
    });

    it(config.sweepsByDefault ? 'sweeps at init by default' : 'never sweeps by default (cleanupInterval 0, as in Dapr)', async () => {
      const metadata = config.freshMetadata('defaults');
      await ctx.withStore(metadata, async () => undefined);
      expect(await config.tables(metadata).hasLastCleanup()).toBe(config.sweepsByDefault);
    });
  });
}
