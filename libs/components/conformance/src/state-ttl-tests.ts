import type { StateSuiteContext } from './state-conformance-config';
import { waitFor } from './wait-for';

/** Go's time.RFC3339 in UTC, optionally with fractional seconds. */
const Rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** How long a 1-second TTL may take to be enforced; stores that sweep periodically need slack. */
const ExpiryBoundMs = 5000;

/** Time-to-live via `ttlInSeconds` request metadata (operation `ttl`). */
export function defineStateTtlTests(ctx: StateSuiteContext): void {
  describe('ttlInSeconds', () => {
    it('reports ttlExpireTime as RFC 3339 UTC, the write time plus the TTL', async () => {
      const key = ctx.key('ttl-time');
      const before = Date.now();
      await ctx.put(key, 'timed', { metadata: { ttlInSeconds: '60' } });
      const after = Date.now();
      const expireTime = (await ctx.readExisting(key)).metadata?.['ttlExpireTime'];
      expect(expireTime).toMatch(Rfc3339Utc);
      // Whole-second formatting may round down by up to 1 s; allow 1 s of clock skew either way.
      const expiresAt = Date.parse(expireTime ?? '');
      expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 2000);
      expect(expiresAt).toBeLessThanOrEqual(after + 60_000 + 1000);
    });

    it(
      'expires a key within 5 s of a 1 s TTL',
      async () => {
        const key = ctx.key('ttl-expiry');
        await ctx.put(key, 'short-lived', { metadata: { ttlInSeconds: '1' } });
        expect((await ctx.read(key))?.data.toString()).toBe('short-lived');
        await waitFor(`key ${key} to expire`, async () => (await ctx.read(key)) === undefined, { timeoutMs: ExpiryBoundMs, intervalMs: 100 });
      },
      ExpiryBoundMs + 3000,
    );

    it('keeps a key written with ttlInSeconds -1, without ttlExpireTime', async () => {
      const key = ctx.key('ttl-never');
      await ctx.put(key, 'forever', { metadata: { ttlInSeconds: '-1' } });
      const found = await ctx.readExisting(key);
      expect(found.data.toString()).toBe('forever');
      expect(found.metadata?.['ttlExpireTime']).toBeUndefined();
    });

    it('reports no ttlExpireTime for a key written without a TTL', async () => {
      const key = ctx.key('ttl-none');
      await ctx.put(key, 'plain');
      expect((await ctx.readExisting(key)).metadata?.['ttlExpireTime']).toBeUndefined();
    });
  });
}
