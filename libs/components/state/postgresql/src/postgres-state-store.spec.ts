import { createServer } from 'node:net';
import type { Client } from 'pg';
import { runStateConformance, uniqueKey, waitFor } from '@dapr-ts/conformance';
import { isMetadataError } from '@dapr-ts/components-common';
import { isETagError, StateFeature, type DeleteRequest, type ETagErrorKind, type SetRequest } from '@dapr-ts/components-state';
import { PostgresStateStore } from './postgres-state-store';
import { connectAdmin, dropTables, testPostgresUrl, uniqueTableName } from './postgres-test-database';

const url = testPostgresUrl();
/** Every table this file created, dropped in afterAll. */
const tables: string[] = [];

/** Component metadata using fresh tables, which are dropped after the file's tests. */
function freshProperties(label: string, extra: Record<string, string> = {}): Record<string, string> {
  const tableName = uniqueTableName(label);
  const metadataTableName = `${tableName}_md`;
  tables.push(tableName, metadataTableName);
  return { connectionString: url, tableName, metadataTableName, ...extra };
}

afterAll(() => dropTables(tables));

runStateConformance({
  name: 'state.postgresql',
  create: () => new PostgresStateStore(),
  metadata: freshProperties('conf'),
  operations: ['etag', 'transaction', 'ttl', 'first-write', 'bulk'],
  config: { badEtag: 'bad-etag' },
});

/** A loopback port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'no error',
    (err: unknown) => err,
  );
}

async function etagKind(promise: Promise<unknown>): Promise<ETagErrorKind | string> {
  const err = await failure(promise);
  return isETagError(err) ? err.kind : String(err);
}

describe('PostgresStateStore', () => {
  const signal = new AbortController().signal;
  const properties = freshProperties('spec');
  const table = properties['tableName'] as string;
  let store: PostgresStateStore;
  let admin: Client;

  beforeAll(async () => {
    admin = await connectAdmin();
  });

  afterAll(() => admin.end());

  beforeEach(async () => {
    store = new PostgresStateStore();
    await store.init({ name: 'statestore', properties }, signal);
  });

  afterEach(() => store.close());

  const key = (label: string): string => uniqueKey('state.postgresql-spec', label);
  const put = (k: string, value: string | Buffer, extra: Partial<SetRequest> = {}): Promise<void> =>
    store.set({ key: k, value: typeof value === 'string' ? Buffer.from(value) : value, metadata: {}, ...extra }, signal);
  const remove = (k: string, extra: Partial<DeleteRequest> = {}): Promise<void> => store.delete({ key: k, metadata: {}, ...extra }, signal);
  const read = (k: string) => store.get({ key: k, metadata: {} }, signal);
  const row = async (k: string) =>
    (await admin.query<{ value: string; isbinary: boolean; etag: string; expiredate: Date | null }>(`SELECT value::text AS value, isbinary, xmin::text AS etag, expiredate FROM ${table} WHERE key = $1`, [k])).rows[0];

  describe('.features()', () => {
    it('lists ETAG, TRANSACTIONAL and TTL, not QUERY_API', () => {
      expect(store.features()).toEqual([StateFeature.ETag, StateFeature.Transactional, StateFeature.TTL]);
    });
  });

  describe('.init()', () => {
    it('fails naming Postgres and the address when nothing listens there', async () => {
      const port = await closedPort();
      const err = await failure(new PostgresStateStore().init({ name: 's', properties: { connectionString: `host=127.0.0.1 port=${port} user=postgres database=test` } }, signal));
      expect(String(err)).toBe(`Error: state.postgresql: cannot connect to Postgres at 127.0.0.1:${port}/test: connect ECONNREFUSED 127.0.0.1:${port}`);
    });

    it('connects with a keyword/value connection string', async () => {
      const parsed = new URL(url);
      const keywords = `host=${parsed.hostname} port=${parsed.port || 5432} user='${decodeURIComponent(parsed.username)}' ${parsed.password ? `password='${decodeURIComponent(parsed.password)}' ` : ''}connect_timeout=10 database=${parsed.pathname.slice(1)}`;
      const other = new PostgresStateStore();
      await other.init({ name: 's', properties: { ...properties, connectionString: keywords } }, signal);
      try {
        const k = key('keywords');
        await other.set({ key: k, value: Buffer.from('"via keywords"'), metadata: {} }, signal);
        expect((await read(k))?.data.toString()).toBe('"via keywords"');
      } finally {
        await other.close();
      }
    });

    it('creates both tables with Dapr’s v1 columns', async () => {
      const columns = await admin.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      expect(columns.rows).toEqual([
        { column_name: 'key', data_type: 'text' },
        { column_name: 'value', data_type: 'jsonb' },
        { column_name: 'isbinary', data_type: 'boolean' },
        { column_name: 'insertdate', data_type: 'timestamp with time zone' },
        { column_name: 'updatedate', data_type: 'timestamp with time zone' },
        { column_name: 'expiredate', data_type: 'timestamp with time zone' },
      ]);
      const md = await admin.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [properties['metadataTableName']]);
      expect(md.rows).toEqual([{ column_name: 'key' }, { column_name: 'value' }]);
    });

    it('adds expiredate to a table made before Dapr supported TTLs', async () => {
      const old = freshProperties('old');
      await admin.query(`CREATE TABLE ${old['tableName']} (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL, isbinary boolean NOT NULL, insertdate timestamp with time zone NOT NULL DEFAULT NOW(), updatedate timestamp with time zone NULL)`);
      const other = new PostgresStateStore();
      await other.init({ name: 's', properties: old }, signal);
      await other.close();
      const columns = await admin.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name = 'expiredate'`, [old['tableName']]);
      expect(columns.rowCount).toBe(1);
    });

    it.each<[string, Record<string, string>]>([
      ['connectionString', {}],
      ['tableName', { connectionString: url, tableName: 'state; DROP TABLE x' }],
      ['connectionString', { connectionString: 'host=h bogus=1' }],
    ])('throws a MetadataError naming %s before connecting', async (field, props) => {
      const err = await failure(new PostgresStateStore().init({ name: 's', properties: props }, signal));
      expect(isMetadataError(err) && err.field).toBe(field);
    });

    it('rejects with the abort reason when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(new PostgresStateStore().init({ name: 's', properties }, controller.signal)).rejects.toThrow('shutting down');
    });
  });

  describe('storage layout', () => {
    it('stores compact JSON as jsonb and returns it byte for byte', async () => {
      const k = key('json');
      await put(k, '{"id":7,"tags":["a","b"],"nested":{"ok":true}}');
      expect(await row(k)).toMatchObject({ value: '{"id": 7, "tags": ["a", "b"], "nested": {"ok": true}}', isbinary: false });
      expect((await read(k))?.data.toString()).toBe('{"id":7,"tags":["a","b"],"nested":{"ok":true}}');
    });

    it.each(['{"b":1,"a":2}', '{ "a": 1 }', '[1e3]', '"caf\\u00e9"', '{"a":1,"a":2}'])('stores JSON %j that jsonb would rewrite as binary, returning it exactly', async (json) => {
      const k = key('rewritten');
      await put(k, json);
      expect(await row(k)).toMatchObject({ value: JSON.stringify(Buffer.from(json).toString('base64')), isbinary: true });
      expect((await read(k))?.data.toString()).toBe(json);
    });

    it('stores bytes that are not JSON as a base64 jsonb string with isbinary', async () => {
      const k = key('binary');
      await put(k, Buffer.from([0x00, 0xff, 0x10]));
      expect(await row(k)).toMatchObject({ value: '"AP8Q"', isbinary: true });
    });

    it('reads rows written by Go Dapr: jsonb (re-compacted) and base64 binary', async () => {
      const [json, binary] = [key('go-json'), key('go-binary')];
      await admin.query(`INSERT INTO ${table} (key, value, isbinary) VALUES ($1, '{"from": "daprd", "n": [1, 2]}', false), ($2, '"aGVsbG8="', true)`, [json, binary]);
      expect((await read(json))?.data.toString()).toBe('{"n":[1,2],"from":"daprd"}');
      expect((await read(binary))?.data.toString()).toBe('hello');
    });

    it('uses the row’s xmin as the etag', async () => {
      const k = key('xmin');
      await put(k, '1');
      expect((await read(k))?.etag).toBe((await row(k))?.etag);
    });
  });

  describe('etags', () => {
    it.each(['abc', '-1', '1.0', ' 1', '4294967296'])('rejects %j as invalid, writing nothing', async (etag) => {
      const k = key('invalid');
      expect(await etagKind(put(k, '1', { etag }))).toBe('invalid');
      expect(await etagKind(remove(k, { etag }))).toBe('invalid');
      expect(await row(k)).toBeUndefined();
    });

    it('reports a mismatch for an etag on a missing key, as Dapr’s v1 does', async () => {
      expect(await etagKind(put(key('absent'), '1', { etag: '12345' }))).toBe('mismatch');
      expect(await etagKind(remove(key('absent'), { etag: '12345' }))).toBe('mismatch');
    });

    it('treats an empty etag as no etag', async () => {
      const k = key('empty-etag');
      await put(k, '1');
      await put(k, '2', { etag: '' });
      expect((await read(k))?.data.toString()).toBe('2');
    });
  });

  describe('ttlInSeconds', () => {
    it('sets expiredate, and a later write without a TTL clears it', async () => {
      const k = key('ttl');
      await put(k, '1', { metadata: { ttlInSeconds: '100' } });
      const expires = (await row(k))?.expiredate?.getTime() ?? 0;
      expect(Math.abs(expires - (Date.now() + 100_000))).toBeLessThan(5000);
      await put(k, '2');
      expect((await row(k))?.expiredate).toBeNull();
    });

    it.each(['0', '-2', '1.5', 'abc'])('rejects %j with a MetadataError naming ttlInSeconds, writing nothing', async (ttl) => {
      const k = key('bad-ttl');
      const err = await failure(put(k, '1', { metadata: { ttlInSeconds: ttl } }));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect(await row(k)).toBeUndefined();
    });

    it('hides an expired row that is still in the table, and first-write may replace it', async () => {
      const k = key('expired');
      await admin.query(`INSERT INTO ${table} (key, value, isbinary, expiredate) VALUES ($1, '1', false, now() - interval '1 minute')`, [k]);
      expect(await read(k)).toBeUndefined();
      await put(k, '2', { options: { concurrency: 'first-write' } });
      expect((await read(k))?.data.toString()).toBe('2');
    });
  });

  describe('.cleanupExpired()', () => {
    it('deletes expired rows once per interval, recording last-cleanup in the metadata table', async () => {
      const props = freshProperties('sweep', { cleanupInterval: '1h' });
      const sweeper = new PostgresStateStore();
      await sweeper.init({ name: 's', properties: props }, signal);
      try {
        // init swept the empty table already, so the next sweep within the hour is skipped.
        await admin.query(`INSERT INTO ${props['tableName']} (key, value, isbinary, expiredate) VALUES ('gone', '1', false, now() - interval '1 second'), ('kept', '1', false, now() + interval '1 hour')`);
        expect(await sweeper.cleanupExpired(signal)).toBe(0);
        await admin.query(`UPDATE ${props['metadataTableName']} SET value = (now() - interval '2 hours')::text WHERE key = 'last-cleanup'`);
        expect(await sweeper.cleanupExpired(signal)).toBe(1);
        expect((await admin.query(`SELECT key FROM ${props['tableName']}`)).rows).toEqual([{ key: 'kept' }]);
      } finally {
        await sweeper.close();
      }
    });

    it('runs on its own every cleanupInterval', async () => {
      const props = freshProperties('timer', { cleanupInterval: '1s' });
      const sweeper = new PostgresStateStore();
      await sweeper.init({ name: 's', properties: props }, signal);
      try {
        await sweeper.set({ key: 'short', value: Buffer.from('1'), metadata: { ttlInSeconds: '1' } }, signal);
        await waitFor('the expired row to be deleted', async () => (await admin.query(`SELECT 1 FROM ${props['tableName']}`)).rowCount === 0, { timeoutMs: 8000, intervalMs: 200 });
      } finally {
        await sweeper.close();
      }
    }, 12_000);

    it('never sweeps on its own when cleanupInterval is 0', async () => {
      const props = freshProperties('nosweep', { cleanupInterval: '0' });
      const idle = new PostgresStateStore();
      await idle.init({ name: 's', properties: props }, signal);
      await idle.close();
      expect((await admin.query(`SELECT 1 FROM ${props['metadataTableName']}`)).rowCount).toBe(0);
    });
  });

  describe('.multi()', () => {
    const upsert = (k: string, value: string, extra: Partial<SetRequest> = {}) => ({ operation: 'upsert' as const, request: { key: k, value: Buffer.from(value), metadata: {}, ...extra } });

    it('applies nothing when a first-write upsert meets an existing key', async () => {
      const [fresh, existing] = [key('tx-fw-new'), key('tx-fw-old')];
      await put(existing, '"old"');
      const operations = [upsert(fresh, '"new"'), upsert(existing, '"clobber"', { options: { concurrency: 'first-write' } })];
      expect(await etagKind(store.multi({ operations, metadata: {} }, signal))).toBe('mismatch');
      expect([await row(fresh), (await read(existing))?.data.toString()]).toEqual([undefined, '"old"']);
    });

    it('applies nothing when one operation has a bad ttlInSeconds', async () => {
      const [a, b] = [key('tx-ttl-a'), key('tx-ttl-b')];
      const err = await failure(store.multi({ operations: [upsert(a, '1'), upsert(b, '2', { metadata: { ttlInSeconds: '0' } })], metadata: {} }, signal));
      expect(isMetadataError(err) && err.field).toBe('ttlInSeconds');
      expect([await row(a), await row(b)]).toEqual([undefined, undefined]);
    });

    it('rejects with the abort reason and writes nothing when the signal is aborted', async () => {
      const k = key('tx-aborted');
      const controller = new AbortController();
      controller.abort(new Error('shutting down'));
      await expect(store.multi({ operations: [upsert(k, '1')], metadata: {} }, controller.signal)).rejects.toThrow('shutting down');
      expect(await row(k)).toBeUndefined();
    });
  });

  describe('.close()', () => {
    it('makes later calls fail as not initialised, and may be called twice', async () => {
      await store.close();
      await store.close();
      await expect(read(key('closed'))).rejects.toThrow('state.postgresql: the store is not initialised (call init) or was closed');
    });
  });
});
