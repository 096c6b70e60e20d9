import type { Client } from 'pg';
import { failureOf, runSqlStateConformance, runStateConcurrencyConformance, runStateConformance, stateStorePerTest, unusedLoopbackPort, type SqlStateTables } from '@dapr-ts/conformance';
import { PostgresStateStore } from './postgres-state-store';
import { connectAdmin, dropTables, testPostgresUrl, uniqueTableName } from './postgres-test-database';

const url = testPostgresUrl();
/** Every table this file created, dropped in afterAll. */
const tables: string[] = [];
/** A plain client on the test database, to look at and edit the tables behind the store's back. */
let admin: Client;

/** Component metadata using fresh tables, which are dropped after the file's tests. */
function freshProperties(label: string, extra: Record<string, string> = {}): Record<string, string> {
  const tableName = uniqueTableName(label);
  const metadataTableName = `${tableName}_md`;
  tables.push(tableName, metadataTableName);
  return { connectionString: url, tableName, metadataTableName, ...extra };
}

/** The tables behind `properties`, through the admin client. */
function tablesOf(properties: Record<string, string>): SqlStateTables {
  const [table, md] = [properties['tableName'] as string, properties['metadataTableName'] as string];
  return {
    row: async (key) => {
      const found = (await admin.query<{ expiredate: Date | null }>(`SELECT expiredate FROM ${table} WHERE key = $1`, [key])).rows[0];
      return found && { expiresAt: found.expiredate?.getTime() ?? null };
    },
    insertRows: async (rows) => {
      for (const row of rows) await admin.query(`INSERT INTO ${table} (key, value, isbinary, expiredate) VALUES ($1, '1', false, now() + $2::integer * interval '1 second')`, [row.key, row.expiresInSeconds]);
    },
    keys: async () => (await admin.query<{ key: string }>(`SELECT key FROM ${table} ORDER BY key`)).rows.map((r) => r.key),
    hasLastCleanup: async () => (await admin.query(`SELECT 1 FROM ${md} WHERE key = 'last-cleanup'`)).rowCount === 1,
    backdateLastCleanup: async (hours) => {
      await admin.query(`UPDATE ${md} SET value = (now() - $1::integer * interval '1 hour')::text WHERE key = 'last-cleanup'`, [hours]);
    },
  };
}

beforeAll(async () => {
  admin = await connectAdmin();
});

afterAll(async () => {
  await admin.end();
  await dropTables(tables);
});

const operations = ['etag', 'transaction', 'ttl', 'first-write', 'bulk'] as const;

runStateConformance({ name: 'state.postgresql', create: () => new PostgresStateStore(), metadata: freshProperties('conf'), operations, config: { badEtag: 'bad-etag' } });

// Several pools on one table, as several sidecars; all rows one transaction writes share its xmin.
runStateConcurrencyConformance({ name: 'state.postgresql', create: () => new PostgresStateStore(), metadata: freshProperties('race'), operations, config: { etags: 'transaction-ids' } });

runSqlStateConformance({
  name: 'state.postgresql',
  create: () => new PostgresStateStore(),
  freshMetadata: freshProperties,
  tables: tablesOf,
  etags: { invalid: ['abc', '-1', '1.0', ' 1', '4294967296'], unknown: '12345' },
  invalidMetadata: [
    ['connectionString', {}],
    ['tableName', { connectionString: url, tableName: 'state; DROP TABLE x' }],
    ['connectionString', { connectionString: 'host=h bogus=1' }],
  ],
  sweepsByDefault: true,
  // A trigger stands in for any error Postgres raises in the middle of a transaction.
  poisonKey: async (properties, key) => {
    const table = properties['tableName'] as string;
    const fn = `${table}_poison`;
    await admin.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned key'; END $$`);
    await admin.query(`CREATE TRIGGER ${fn} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW WHEN (NEW.key = ${admin.escapeLiteral(key)}) EXECUTE FUNCTION ${fn}()`);
    return {
      key,
      message: 'poisoned key',
      remove: async () => {
        await admin.query(`DROP TRIGGER ${fn} ON ${table}`);
        await admin.query(`DROP FUNCTION ${fn}()`);
      },
    };
  },
});

describe('PostgresStateStore', () => {
  const signal = new AbortController().signal;
  const properties = freshProperties('spec');
  const table = properties['tableName'] as string;
  const { key, put, read } = stateStorePerTest({ keyPrefix: 'state.postgresql-spec', create: () => new PostgresStateStore(), metadata: properties }, signal);
  const row = async (k: string) =>
    (await admin.query<{ value: string; isbinary: boolean; etag: string; expiredate: Date | null }>(`SELECT value::text AS value, isbinary, xmin::text AS etag, expiredate FROM ${table} WHERE key = $1`, [k])).rows[0];

  describe('.init()', () => {
    it('fails naming Postgres and the address when nothing listens there', async () => {
      const port = await unusedLoopbackPort();
      const err = await failureOf(new PostgresStateStore().init({ name: 's', properties: { connectionString: `host=127.0.0.1 port=${port} user=postgres database=test` } }, signal));
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
  });

  describe('storage layout', () => {
    it('stores compact JSON as jsonb and returns it byte for byte', async () => {
      const k = key('json');
      await put(k, '{"id":7,"tags":["a","b"],"nested":{"ok":true}}');
      expect(await row(k)).toMatchObject({ value: '{"id": 7, "tags": ["a", "b"], "nested": {"ok": true}}', isbinary: false });
      expect((await read(k))?.data.toString()).toBe('{"id":7,"tags":["a","b"],"nested":{"ok":true}}');
    });

    it.each(['{"b":1,"a":2}', '{ "a": 1 }', '[1e3]', '"caf\\u00e9"', '{"a":1,"a":2}', '"\\u0000"'])('stores JSON %j that jsonb would rewrite (or refuse) as binary, returning it exactly', async (json) => {
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
});
