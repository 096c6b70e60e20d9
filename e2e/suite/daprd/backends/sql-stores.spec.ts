import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StateConcurrencyEnum, StateConsistencyEnum, type DaprClient } from '@dapr/dapr';
import type { IEtag } from '@dapr/dapr/types/Etag.type';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { Database } from 'node-sqlite3-wasm';
import { tempDir, type DaprdProcess } from '@dapr-ts/testing';
import { Protocols, clientFor, startSidecar } from '../../../support/sidecar-pair';

/** The test MariaDB (MySQL), in URL form; the component file gets it in the Go-driver DSN form of Dapr's docs. */
const mysqlUrl = new URL(process.env['MYSQL_URL']?.trim() || 'mysql://root@127.0.0.1:3306/test');
const mysqlSchema = mysqlUrl.pathname.slice(1) || 'test';
const mysqlDsn = `${decodeURIComponent(mysqlUrl.username)}:${decodeURIComponent(mysqlUrl.password)}@tcp(${mysqlUrl.hostname}:${mysqlUrl.port || 3306})/?allowNativePasswords=true`;
const run = randomUUID().slice(0, 8);
const mysqlTable = `e2e_sql_state_${run}`;
const sqliteFile = join(tempDir('dapr-e2e-sqlite-'), 'data.db');
const appId = `sql-stores-${run}`;

/** Component files as Dapr's docs write them ("MySQL & MariaDB", "SQLite"). */
const Resources = {
  'mysql.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: mysqlstore
spec:
  type: state.mysql
  version: v1
  metadata:
  - name: connectionString
    value: "${mysqlDsn}"
  - name: schemaName
    value: "${mysqlSchema}"
  - name: tableName
    value: "${mysqlTable}"
  - name: metadataTableName
    value: "${mysqlTable}_md"
  - name: timeoutInSeconds
    value: "30"
  - name: actorStateStore
    value: "true"
`,
  'sqlite.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: sqlitestore
spec:
  type: state.sqlite
  version: v1
  metadata:
  - name: connectionString
    value: "${sqliteFile}"
  - name: busyTimeout
    value: "2s"
`,
};

const Stores = [['MySQL/MariaDB', 'mysqlstore'] as const, ['SQLite', 'sqlitestore'] as const];

/** Polls `check` until it holds; fails naming `what` after the deadline. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function connectMariaDb(): Promise<Connection> {
  try {
    return await createConnection({ uri: mysqlUrl.href, connectTimeout: 5000, jsonStrings: true });
  } catch (err) {
    throw new Error(`cannot reach the test MariaDB (MySQL) server at ${mysqlUrl.host} (set MYSQL_URL): ${err instanceof Error ? err.message || String(err) : String(err)}`);
  }
}

/** The rows a key left in each store's table, read around daprd, in Dapr's layout. */
async function storedRow(store: string, admin: Connection, key: string): Promise<{ value: string; binary: number } | undefined> {
  if (store === 'mysqlstore') {
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT value, isbinary FROM \`${mysqlSchema}\`.\`${mysqlTable}\` WHERE id = ?`, [`${appId}||${key}`]);
    return rows[0] ? { value: String(rows[0]['value']), binary: Number(rows[0]['isbinary']) } : undefined;
  }
  const db = new Database(sqliteFile, { readOnly: true });
  try {
    const row = db.all('SELECT value, is_binary FROM state WHERE key = ?', `${appId}||${key}`)[0];
    return row ? { value: String(row['value']), binary: Number(row['is_binary']) } : undefined;
  } finally {
    db.close();
  }
}

describe('MySQL/MariaDB and SQLite state stores with the official SDK', () => {
  let admin: Connection;
  let daprd: DaprdProcess;

  beforeAll(async () => {
    admin = await connectMariaDb();
    daprd = await startSidecar({ appId, files: Resources });
  }, 60_000);
  afterAll(async () => {
    await daprd?.cleanup();
    await admin?.query(`DROP TABLE IF EXISTS \`${mysqlSchema}\`.\`${mysqlTable}\`, \`${mysqlSchema}\`.\`${mysqlTable}_md\``);
    await admin?.end();
    rmSync(dirname(sqliteFile), { recursive: true, force: true });
  });

  it('lists both stores with their features in the metadata API', async () => {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/metadata`);
    const components = ((await res.json()) as { components: { name: string; type: string; capabilities?: string[] }[] }).components;
    for (const [name, type] of [
      ['mysqlstore', 'state.mysql'],
      ['sqlitestore', 'state.sqlite'],
    ]) {
      expect(components.find((c) => c.name === name)).toMatchObject({ type, capabilities: expect.arrayContaining(['ETAG', 'TRANSACTIONAL', 'TTL', 'ACTOR']) });
    }
  });

  describe.each(Stores)('%s', (_label, store) => {
    describe.each(Protocols)('over %s', (name, protocol) => {
      let client: DaprClient;
      const key = (k: string): string => `${k}-${name}-${randomUUID().slice(0, 8)}`;
      const options = (concurrency: StateConcurrencyEnum) => ({ concurrency, consistency: StateConsistencyEnum.CONSISTENCY_STRONG });
      /** HTTP answers {error}; gRPC throws an Aborted status. */
      const refusal = (saved: Promise<{ error?: Error }>): Promise<string> => saved.then((r) => String(r.error?.message ?? 'accepted'), (err: Error) => String(err.message));

      beforeAll(async () => {
        client = clientFor(daprd, protocol);
        await client.start();
      });
      afterAll(() => client?.stop());

      it('saves, reads and deletes JSON, string and number values, stored in Dapr’s layout', async () => {
        const [a, b, c] = [key('obj'), key('str'), key('num')];
        await client.state.save(store, [
          { key: a, value: { orderId: 7, items: ['x'] } },
          { key: b, value: 'hello' },
          { key: c, value: 42 },
        ]);
        expect([await client.state.get(store, a), await client.state.get(store, b), await client.state.get(store, c)]).toEqual([{ orderId: 7, items: ['x'] }, 'hello', 42]);
        // HTTP sends JSON (kept as JSON); the gRPC SDK sends bytes, which Dapr's layout may keep either way.
        expect(await storedRow(store, admin, a)).toMatchObject(name === 'HTTP' ? { value: '{"orderId":7,"items":["x"]}', binary: 0 } : {});
        await client.state.delete(store, a);
        expect(await client.state.get(store, a)).toBe('');
        expect(await storedRow(store, admin, a)).toBeUndefined();
      });

      it('accepts a save with the current etag and refuses a stale one', async () => {
        const k = key('etag');
        await client.state.save(store, [{ key: k, value: 'v1' }]);
        const [item] = (await client.state.getBulk(store, [k])) as { etag: string }[];
        const etag = item!.etag;
        expect(etag).toMatch(/^[0-9a-f-]{36}$/);
        const ok = await client.state.save(store, [{ key: k, value: 'v2', etag, options: options(StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE) }]);
        expect(ok.error).toBeUndefined();
        expect(await refusal(client.state.save(store, [{ key: k, value: 'v3', etag, options: options(StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE) }]))).toMatch(/etag mismatch|409|aborted/i);
        expect(await client.state.get(store, k)).toBe('v2');
      });

      it('refuses a first-write save without an etag to an existing key', async () => {
        const k = key('first-write');
        await client.state.save(store, [{ key: k, value: 'original' }]);
        expect(await refusal(client.state.save(store, [{ key: k, value: 'clobber', options: options(StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE) }]))).toMatch(/etag mismatch|409|aborted/i);
        expect(await client.state.get(store, k)).toBe('original');
      });

      it('applies a transaction of upserts and deletes, and nothing of one with a stale etag', async () => {
        const [a, b, c] = [key('tx-a'), key('tx-b'), key('tx-c')];
        await client.state.save(store, [{ key: b, value: 'to-delete' }, { key: c, value: 'c1' }]);
        await client.state.transaction(store, [
          { operation: 'upsert', request: { key: a, value: 'upserted' } },
          { operation: 'delete', request: { key: b } },
        ]);
        expect([await client.state.get(store, a), await client.state.get(store, b)]).toEqual(['upserted', '']);

        const [item] = (await client.state.getBulk(store, [c])) as { etag: string }[];
        await client.state.save(store, [{ key: c, value: 'c2' }]);
        const failed = client.state.transaction(store, [
          { operation: 'upsert', request: { key: a, value: 'changed' } },
          // The SDK types the etag as {value}, yet both its clients send it on as given: as a string.
          { operation: 'upsert', request: { key: c, value: 'c3', etag: item!.etag as unknown as IEtag } },
        ]);
        await expect(failed).rejects.toThrow();
        expect([await client.state.get(store, a), await client.state.get(store, c)]).toEqual(['upserted', 'c2']);
      });

      it('expires a key saved with metadata.ttlInSeconds', async () => {
        const k = key('ttl');
        await client.state.save(store, [{ key: k, value: 'short-lived', metadata: { ttlInSeconds: '1' } }]);
        expect(await client.state.get(store, k)).toBe('short-lived');
        await eventually(`key ${k} to expire`, async () => (await client.state.get(store, k)) === '');
      });
    });
  });

  it('keeps SQLite state across a sidecar restart on the same file', async () => {
    const k = `durable-${run}`;
    const before = clientFor(daprd, Protocols[0][1]);
    await before.state.save('sqlitestore', [{ key: k, value: { kept: true } }]);
    await daprd.cleanup();
    daprd = await startSidecar({ appId, files: Resources });
    const after = clientFor(daprd, Protocols[0][1]);
    expect(await after.state.get('sqlitestore', k)).toEqual({ kept: true });
  }, 60_000);
});
