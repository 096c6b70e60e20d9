import type { Connection, RowDataPacket } from 'mysql2/promise';
import { failureOf, runSqlStateConformance, runStateConcurrencyConformance, runStateConformance, stateStorePerTest, unusedLoopbackPort, type SqlStateTables } from '@dapr-ts/conformance';
import { MySqlStateStore } from './mysql-state-store';
import { connectAdmin, dropAll, testMySqlUrl, testSchema, uniqueName } from './mysql-test-database';

const url = testMySqlUrl();
const schema = testSchema();
/** Every table this file created in the test schema, dropped in afterAll. */
const tables: string[] = [];
/** A plain connection to the test server, to look at and edit the tables behind the store's back. */
let admin: Connection;

/** Component metadata using fresh tables in the test schema, dropped after the file's tests. */
function freshProperties(label: string, extra: Record<string, string> = {}): Record<string, string> {
  const tableName = uniqueName(label);
  const metadataTableName = `${tableName}_md`;
  tables.push(tableName, metadataTableName);
  return { connectionString: url, schemaName: schema, tableName, metadataTableName, ...extra };
}

/** The tables behind `properties`, through the admin connection. */
function tablesOf(properties: Record<string, string>): SqlStateTables {
  const [table, md] = [`\`${schema}\`.\`${properties['tableName']}\``, `\`${schema}\`.\`${properties['metadataTableName']}\``];
  const select = async (query: string, values: unknown[] = []): Promise<RowDataPacket[]> => (await admin.query<RowDataPacket[]>(query, values))[0];
  return {
    row: async (key) => {
      const [found] = await select(`SELECT UNIX_TIMESTAMP(expiredate) AS expiresAt FROM ${table} WHERE id = ?`, [key]);
      return found && { expiresAt: found['expiresAt'] === null ? null : Number(found['expiresAt']) * 1000 };
    },
    insertRows: async (rows) => {
      for (const row of rows) await admin.query(`INSERT INTO ${table} (id, value, isbinary, eTag, expiredate) VALUES (?, '1', 0, UUID(), CURRENT_TIMESTAMP + INTERVAL ? SECOND)`, [row.key, row.expiresInSeconds]);
    },
    keys: async () => (await select(`SELECT id FROM ${table} ORDER BY id`)).map((r) => String(r['id'])),
    hasLastCleanup: async () => (await select(`SELECT id FROM ${md} WHERE id = 'last-cleanup'`)).length === 1,
    backdateLastCleanup: async (hours) => {
      await admin.query(`UPDATE ${md} SET value = CURRENT_TIMESTAMP - INTERVAL ? HOUR WHERE id = 'last-cleanup'`, [hours]);
    },
  };
}

beforeAll(async () => {
  admin = await connectAdmin();
});

afterAll(async () => {
  await admin.end();
  await dropAll({ tables });
});

const operations = ['etag', 'transaction', 'ttl', 'first-write', 'bulk'] as const;

runStateConformance({ name: 'state.mysql', create: () => new MySqlStateStore(), metadata: freshProperties('conf'), operations, config: { badEtag: 'bad-etag' } });

// Several pools on one table, as several sidecars.
runStateConcurrencyConformance({ name: 'state.mysql', create: () => new MySqlStateStore(), metadata: freshProperties('race'), operations });

runSqlStateConformance({
  name: 'state.mysql',
  create: () => new MySqlStateStore(),
  freshMetadata: freshProperties,
  tables: tablesOf,
  etags: { invalid: ['abc', '12345', '3f2504e0-4f89-11d3-9a0c-0305e82c330'], unknown: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' },
  // A TIMESTAMP ends in 2038.
  invalidTtls: ['0', '-2', '1.5', 'abc', '2000000000'],
  invalidMetadata: [
    ['connectionString', {}],
    ['tableName', { connectionString: url, tableName: 'state; DROP TABLE x' }],
    ['connectionString', { connectionString: 'root@localhost' }],
    ['pemPath', { connectionString: url, pemPath: '/no/such/ca.pem' }],
  ],
  sweepsByDefault: true,
  // A key longer than the id column fails in the server, mid-transaction.
  poisonKey: async () => ({ key: 'k'.repeat(300), message: /Data too long for column 'id'/, remove: async () => undefined }),
});

interface StoredRow {
  value: string;
  isbinary: number;
  eTag: string;
}

describe('MySqlStateStore', () => {
  const signal = new AbortController().signal;
  const properties = freshProperties('spec');
  const table = `\`${schema}\`.\`${properties['tableName']}\``;
  const { key, put, read } = stateStorePerTest({ keyPrefix: 'state.mysql-spec', create: () => new MySqlStateStore(), metadata: properties }, signal);
  const row = async (k: string): Promise<StoredRow | undefined> => {
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT value, isbinary, eTag FROM ${table} WHERE id = ?`, [k]);
    const found = rows[0];
    return found ? { value: String(found['value']), isbinary: Number(found['isbinary']), eTag: String(found['eTag']) } : undefined;
  };

  describe('.init()', () => {
    it('fails naming MySQL/MariaDB and the address when nothing listens there', async () => {
      const port = await unusedLoopbackPort();
      const err = await failureOf(new MySqlStateStore().init({ name: 's', properties: { connectionString: `root:@tcp(127.0.0.1:${port})/`, timeoutInSeconds: '5' } }, signal));
      expect(String(err)).toBe(`Error: state.mysql: cannot connect to MySQL/MariaDB at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
    });

    it('connects with the Go-driver DSN form of Dapr’s docs', async () => {
      const parsed = new URL(url);
      const dsn = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}@tcp(${parsed.hostname}:${parsed.port || 3306})/?allowNativePasswords=true&parseTime=true`;
      const other = new MySqlStateStore();
      await other.init({ name: 's', properties: { ...properties, connectionString: dsn } }, signal);
      try {
        const k = key('dsn');
        await other.set({ key: k, value: Buffer.from('"via dsn"'), metadata: {} }, signal);
        expect((await read(k))?.data.toString()).toBe('"via dsn"');
      } finally {
        await other.close();
      }
    });

    it('creates the schema when missing, with Dapr’s state and metadata columns', async () => {
      const schemaName = uniqueName('schema');
      const other = new MySqlStateStore();
      try {
        await other.init({ name: 's', properties: { connectionString: url, schemaName } }, signal);
        await other.close();
        const [columns] = await admin.query<RowDataPacket[]>(
          `SELECT table_name AS t, column_name AS c, data_type AS d FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position`,
          [schemaName],
        );
        expect(columns.map((c) => `${c['t']}.${c['c']}:${c['d']}`)).toEqual([
          'dapr_metadata.id:varchar',
          'dapr_metadata.value:text',
          'state.id:varchar',
          // MariaDB's JSON is LONGTEXT with a JSON_VALID check; MySQL's is its own type.
          expect.stringMatching(/^state\.value:(json|longtext)$/),
          'state.isbinary:tinyint',
          'state.insertDate:timestamp',
          'state.updateDate:timestamp',
          'state.eTag:varchar',
          'state.expiredate:timestamp',
        ]);
      } finally {
        await other.close();
        await dropAll({ schemas: [schemaName] });
      }
    });

    it('adds expiredate to a table made before Dapr supported TTLs', async () => {
      const old = freshProperties('old');
      await admin.query(
        `CREATE TABLE \`${schema}\`.\`${old['tableName']}\` (id VARCHAR(255) NOT NULL PRIMARY KEY, value JSON NOT NULL, isbinary BOOLEAN NOT NULL, insertDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, updateDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, eTag VARCHAR(36) NOT NULL)`,
      );
      const other = new MySqlStateStore();
      await other.init({ name: 's', properties: old }, signal);
      await other.close();
      const [indexes] = await admin.query<RowDataPacket[]>(`SELECT column_name AS c FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND index_name = 'expiredate_idx'`, [
        schema,
        old['tableName'],
      ]);
      expect(indexes.map((i) => i['c'])).toEqual(['expiredate']);
    });

    it('sends the DSN’s other parameters as session variables, as the Go driver does', async () => {
      const err = await failureOf(new MySqlStateStore().init({ name: 's', properties: { ...properties, connectionString: `${url}?no_such_variable=1` } }, signal));
      expect(String(err)).toMatch(/Unknown system variable 'no_such_variable'/);
    });

    it('replaces a pooled connection older than connMaxLifetime', async () => {
      const connections = async (): Promise<number> => Number((await admin.query<RowDataPacket[]>(`SHOW GLOBAL STATUS LIKE 'Connections'`))[0][0]?.['Value']);
      const aging = new MySqlStateStore();
      await aging.init({ name: 's', properties: { ...properties, maxOpenConns: '1', connMaxLifetime: '5ms', cleanupInterval: '0' } }, signal);
      try {
        const before = await connections();
        for (let i = 0; i < 5; i++) {
          await aging.get({ key: key('aging'), metadata: {} }, signal);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Every get found its connection older than 5 ms, so each opened a new one.
        expect((await connections()) - before).toBeGreaterThanOrEqual(5);
      } finally {
        await aging.close();
      }
    });
  });

  describe('storage layout', () => {
    it('stores JSON as JSON, byte for byte, with a UUID etag', async () => {
      const k = key('json');
      await put(k, '{"id":7, "tags":["a","b"],"nested":{"ok":true}}');
      expect(await row(k)).toMatchObject({ value: '{"id":7, "tags":["a","b"],"nested":{"ok":true}}', isbinary: 0, eTag: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect((await read(k))?.data.toString()).toBe('{"id":7, "tags":["a","b"],"nested":{"ok":true}}');
    });

    it('stores bytes that are not JSON as a base64 JSON string with isbinary', async () => {
      const k = key('binary');
      await put(k, Buffer.from([0x00, 0xff, 0x10]));
      expect(await row(k)).toMatchObject({ value: '"AP8Q"', isbinary: 1 });
      expect((await read(k))?.data).toEqual(Buffer.from([0x00, 0xff, 0x10]));
    });

    it('falls back to binary for JSON the server rejects (nested deeper than it allows)', async () => {
      const k = key('deep');
      const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
      await put(k, deep);
      expect((await row(k))?.isbinary).toBe(1);
      expect((await read(k))?.data.toString()).toBe(deep);
    });

    it('keeps keys that differ only in case apart', async () => {
      const k = key('case');
      await put(`${k}-A`, '"upper"');
      await put(`${k}-a`, '"lower"');
      expect([(await read(`${k}-A`))?.data.toString(), (await read(`${k}-a`))?.data.toString()]).toEqual(['"upper"', '"lower"']);
    });

    it('reads rows written by Go Dapr: JSON and base64 binary', async () => {
      const [json, binary] = [key('go-json'), key('go-binary')];
      await admin.query(`INSERT INTO ${table} (id, value, isbinary, eTag) VALUES (?, '{"from":"daprd","n":[1,2]}', 0, UUID()), (?, '"aGVsbG8="', 1, UUID())`, [json, binary]);
      expect((await read(json))?.data.toString()).toBe('{"from":"daprd","n":[1,2]}');
      expect((await read(binary))?.data.toString()).toBe('hello');
      expect((await read(json))?.etag).toBe((await row(json))?.eTag);
    });
  });
});
