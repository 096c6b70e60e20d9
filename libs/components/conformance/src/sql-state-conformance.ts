import { isMetadataError } from '@dapr-ts/components-common';
import { StateFeature, type SetRequest, type TransactionOperation } from '@dapr-ts/components-state';
import { etagErrorKind, failureOf } from './rejection-of';
import type { SqlStateConformanceConfig, SqlSuiteContext } from './sql-state-conformance-config';
import { defineSqlStateTtlTests } from './sql-state-ttl-tests';
import { stateStorePerTest } from './state-store-per-test';

/**
 * Defines the suite of behaviours Dapr's SQL state stores share (contrib state/postgresql,
 * state/mysql, state/sqlite), as jest `describe` blocks, beside {@link runStateConformance}:
 * ETag validation, TTLs kept in an expiry column (expired rows hidden at once, replaceable by
 * first-write, swept every `cleanupInterval` with the sweep recorded in the metadata table),
 * all-or-nothing transactions, and the lifecycle (metadata errors before connecting, aborts, close).
 * It looks at the tables through the spec's {@link SqlStateConformanceConfig.tables}. Each test gets
 * a store initialised for it; call this at the top level of a spec file.
 */
export function runSqlStateConformance(config: SqlStateConformanceConfig): void {
  describe(`SQL state conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const metadata = config.freshMetadata('sql');
    const ctx: SqlSuiteContext = {
      ...stateStorePerTest({ keyPrefix: `${config.name}-sql`, create: config.create, metadata }, signal),
      config,
      signal,
      metadata,
      tables: () => config.tables(metadata),
      withStore: async (properties, work) => {
        const other = config.create();
        await other.init({ name: 's', properties }, signal);
        try {
          return await work(other);
        } finally {
          await other.close();
        }
      },
    };

    defineLifecycleTests(ctx);
    defineEtagTests(ctx);
    defineSqlStateTtlTests(ctx);
    defineTransactionTests(ctx);
  });
}

function defineLifecycleTests(ctx: SqlSuiteContext): void {
  const { config, signal } = ctx;

  describe('.features()', () => {
    it('lists ETAG, TRANSACTIONAL and TTL', () => {
      expect(ctx.store().features()).toEqual([StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL]);
    });
  });

  describe('.init()', () => {
    it.each(config.invalidMetadata.map(([field, metadata]) => [field, metadata] as const))('throws a MetadataError naming %s before connecting', async (field, metadata) => {
      const err = await failureOf(config.create().init({ name: 's', properties: metadata }, signal));
      expect(isMetadataError(err) && err.field).toBe(field);
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(config.create().init({ name: 's', properties: ctx.metadata }, controller.signal)).rejects.toThrow('shutting down');
    });
  });

  describe('.close()', () => {
    it('makes later calls fail as not initialised, and may be called twice', async () => {
      await ctx.store().close();
      await ctx.store().close();
      await expect(ctx.read(ctx.key('closed'))).rejects.toThrow(`${config.name}: the store is not initialised (call init) or was closed`);
    });
  });
}

function defineEtagTests(ctx: SqlSuiteContext): void {
  describe('etags', () => {
    it.each([...ctx.config.etags.invalid])('rejects %j as invalid, writing nothing', async (etag) => {
      const k = ctx.key('invalid');
      expect(await etagErrorKind(ctx.put(k, '1', { etag }))).toBe('invalid');
      expect(await etagErrorKind(ctx.remove(k, { etag }))).toBe('invalid');
      expect(await ctx.tables().row(k)).toBeUndefined();
    });

    it('reports a mismatch for an etag on a missing key, as Dapr does', async () => {
      const { unknown } = ctx.config.etags;
      expect(await etagErrorKind(ctx.put(ctx.key('absent'), '1', { etag: unknown }))).toBe('mismatch');
      expect(await etagErrorKind(ctx.remove(ctx.key('absent'), { etag: unknown }))).toBe('mismatch');
    });

    it('treats an empty etag as no etag', async () => {
      const k = ctx.key('empty-etag');
      await ctx.put(k, '1');
      await ctx.put(k, '2', { etag: '' });
      expect(await ctx.text(k)).toBe('2');
    });
  });
}

function defineTransactionTests(ctx: SqlSuiteContext): void {
  const { config, signal } = ctx;
  const upsert = (key: string, value: string, extra: Partial<SetRequest> = {}): TransactionOperation => ({ operation: 'upsert', request: { key, value: Buffer.from(value), metadata: {}, ...extra } });
  const multi = (operations: TransactionOperation[], s = signal) => ctx.store().multi({ operations, metadata: {} }, s);

  describe('.multi()', () => {
    it('applies nothing when a first-write upsert meets an existing key', async () => {
      const [fresh, existing] = [ctx.key('tx-fw-new'), ctx.key('tx-fw-old')];
      await ctx.put(existing, '"old"');
      expect(await etagErrorKind(multi([upsert(fresh, '"new"'), upsert(existing, '"clobber"', { options: { concurrency: 'first-write' } })]))).toBe('mismatch');
      expect([await ctx.tables().row(fresh), await ctx.text(existing)]).toEqual([undefined, '"old"']);
    });

    it('applies nothing when one operation has a bad ttlInSeconds', async () => {
      const [a, b] = [ctx.key('tx-ttl-a'), ctx.key('tx-ttl-b')];
      const err = await failureOf(multi([upsert(a, '1'), upsert(b, '2', { metadata: { ttlInSeconds: '0' } })]));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect([await ctx.tables().row(a), await ctx.tables().row(b)]).toEqual([undefined, undefined]);
    });

    const { poisonKey } = config;
    if (poisonKey) {
      it('applies nothing when the database fails a statement midway, and works on afterwards', async () => {
        const [a, b] = [ctx.key('tx-fail-a'), ctx.key('tx-fail-b')];
        const poison = await poisonKey(ctx.metadata, ctx.key('poison'));
        try {
          await ctx.put(b, '"b1"');
          const err = await failureOf(multi([upsert(a, '1'), upsert(b, '"b2"'), upsert(poison.key, '3')]));
          expect(String(err)).toMatch(poison.message);
          expect([await ctx.tables().row(a), await ctx.text(b)]).toEqual([undefined, '"b1"']);
          await ctx.put(a, '"after"');
          expect(await ctx.text(a)).toBe('"after"');
        } finally {
          await poison.remove();
        }
      });
    }

    it('rejects with the abort reason and writes nothing when the signal is aborted', async () => {
      const k = ctx.key('tx-aborted');
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(multi([upsert(k, '1')], controller.signal)).rejects.toThrow('shutting down');
      expect(await ctx.tables().row(k)).toBeUndefined();
    });
  });
}
