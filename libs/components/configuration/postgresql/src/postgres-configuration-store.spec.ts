import { createServer, type AddressInfo } from 'node:net';
import type { Client } from 'pg';
import { runConfigurationConformance, uniqueKey, waitFor, type ConfigurationWriter } from '@dapr-ts/conformance';
import type { ConfigurationUpdateEvent } from '@dapr-ts/components-configuration';
import { PostgresConfigurationStore } from './postgres-configuration-store';
import { connectAdmin, createConfigTable, testPostgresUrl, type ConfigTable } from './postgres-test-table.spec-helper';

const signal = new AbortController().signal;
const url = testPostgresUrl();

/** The conformance suite's table: it must exist before the store's init, so it is made up front. */
let admin: Client;
let conformanceTable: ConfigTable;
const conformanceMetadata: Record<string, string> = { connectionString: url, table: '' };
const conformanceSubscribe: Record<string, string> = { pgNotifyChannel: '' };

beforeAll(async () => {
  admin = await connectAdmin();
  conformanceTable = await createConfigTable(admin, 'conf');
  conformanceMetadata['table'] = conformanceTable.table;
  conformanceSubscribe['pgNotifyChannel'] = conformanceTable.channel;
});
afterAll(async () => {
  await conformanceTable?.drop();
  await admin?.end();
});

async function postgresWriter(): Promise<ConfigurationWriter> {
  return {
    async set(items) {
      for (const [key, { value, version }] of Object.entries(items)) await conformanceTable.set(key, value, version);
    },
    delete: (keys) => conformanceTable.delete(keys),
    async close() {},
  };
}

runConfigurationConformance({
  name: 'configuration.postgresql',
  create: () => new PostgresConfigurationStore(),
  metadata: conformanceMetadata,
  writer: postgresWriter,
  subscribeMetadata: conformanceSubscribe,
});

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failure = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'no error',
    (err: unknown) => (err as Error).message,
  );

describe('PostgresConfigurationStore', () => {
  let table: ConfigTable;
  let store: PostgresConfigurationStore;
  const events: ConfigurationUpdateEvent[] = [];
  const record = async (event: ConfigurationUpdateEvent): Promise<void> => void events.push(event);

  beforeAll(async () => {
    table = await createConfigTable(admin, 'spec');
    store = new PostgresConfigurationStore();
    await store.init({ name: 'configstore', properties: { connectionString: url, table: table.table } }, signal);
  });
  afterAll(async () => {
    await store?.close();
    await table?.drop();
  });
  beforeEach(() => {
    events.length = 0;
  });

  describe('.get()', () => {
    it('returns the METADATA column as strings, JSON-encoding values that are not', async () => {
      const k = uniqueKey('pg', 'metadata');
      await table.set(k, 'v', '1', { owner: 'ops', replicas: 3, flags: { a: true } });
      await expect(store.get({ keys: [k], metadata: {} }, signal)).resolves.toEqual({ items: { [k]: { value: 'v', version: '1', metadata: { owner: 'ops', replicas: '3', flags: '{"a":true}' } } } });
    });
  });

  describe('.subscribe()', () => {
    it('delivers the row metadata with the change', async () => {
      const k = uniqueKey('pg', 'notify-metadata');
      const id = await store.subscribe({ keys: [k], metadata: { pgNotifyChannel: table.channel } }, record, signal);
      await table.set(k, 'v', '2', { region: 'eu' });
      await waitFor(`the update of ${k}`, async () => events.length > 0, { timeoutMs: 10_000 });
      expect(events).toEqual([{ id, items: { [k]: { value: 'v', version: '2', metadata: { region: 'eu' } } } }]);
      await store.unsubscribe(id, signal);
    });

    it('needs pgNotifyChannel, as Dapr documents', async () => {
      await expect(failure(store.subscribe({ keys: [], metadata: {} }, record, signal))).resolves.toBe(
        `configuration.postgresql: subscribing needs the request metadata "pgNotifyChannel", naming the channel the trigger on table ${table.table} notifies with pg_notify`,
      );
    });

    it('ignores changes of another table that notifies the same channel', async () => {
      const other = await createConfigTable(admin, 'other', table.channel);
      try {
        const [mine, theirs] = [uniqueKey('pg', 'mine'), uniqueKey('pg', 'theirs')];
        const id = await store.subscribe({ keys: [], metadata: { pgNotifyChannel: table.channel } }, record, signal);
        await other.set(theirs, 'not mine', '1');
        await table.set(mine, 'mine', '1');
        await waitFor(`the update of ${mine}`, async () => events.some((e) => mine in e.items), { timeoutMs: 10_000 });
        expect(events.filter((e) => theirs in e.items)).toEqual([]);
        await store.unsubscribe(id, signal);
      } finally {
        await other.drop();
      }
    });

    it('LISTENs again after its connection is cut, and delivers later changes', async () => {
      const app = `dapr_ts_listen_${uniqueKey('pg', 'x').slice(-12)}`;
      const cut = new PostgresConfigurationStore();
      await cut.init({ name: 'cut', properties: { connectionString: `${url}${url.includes('?') ? '&' : '?'}application_name=${app}`, table: table.table } }, signal);
      try {
        const k = uniqueKey('pg', 'reconnect');
        await cut.subscribe({ keys: [k], metadata: { pgNotifyChannel: table.channel } }, record, signal);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
        // NOTIFYs sent while nobody listens are lost, so keep writing until one gets through.
        let n = 0;
        await waitFor('an update after the reconnect', async () => {
          await table.set(k, `v${++n}`, String(n));
          return events.some((e) => k in e.items);
        }, { timeoutMs: 20_000, intervalMs: 250 });
      } finally {
        await cut.close();
      }
    });
  });

  describe('.init()', () => {
    it('fails with the CREATE TABLE Dapr documents when the table is missing', async () => {
      await expect(failure(new PostgresConfigurationStore().init({ name: 'c', properties: { connectionString: url, table: 'dapr_ts_no_such_table' } }, signal))).resolves.toBe(
        `configuration.postgresql: table dapr_ts_no_such_table does not exist in Postgres at ${new URL(url).hostname}:${new URL(url).port || 5432}${new URL(url).pathname}; ` +
          'create it as Dapr documents: CREATE TABLE dapr_ts_no_such_table (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, METADATA JSON)',
      );
    });

    it('connects with the keyword/value connection string of Dapr docs', async () => {
      const u = new URL(url);
      const keywords = `host=${u.hostname} user=${decodeURIComponent(u.username)} port=${u.port || 5432} connect_timeout=10 database=${u.pathname.slice(1)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
      const keyworded = new PostgresConfigurationStore();
      await keyworded.init({ name: 'c', properties: { connectionString: keywords, table: table.table } }, signal);
      const k = uniqueKey('pg', 'keywords');
      await table.set(k, 'ok', '1');
      await expect(keyworded.get({ keys: [k], metadata: {} }, signal)).resolves.toEqual({ items: { [k]: { value: 'ok', version: '1', metadata: {} } } });
      await keyworded.close();
    });

    it('fails naming Postgres and the address when nothing listens there', async () => {
      const port = await closedPort();
      await expect(failure(new PostgresConfigurationStore().init({ name: 'c', properties: { connectionString: `postgres://postgres@127.0.0.1:${port}/test`, table: 't' } }, signal))).resolves.toMatch(
        new RegExp(`^configuration\\.postgresql: cannot connect to Postgres at 127\\.0\\.0\\.1:${port}/test: .*ECONNREFUSED`),
      );
    });
  });
});
