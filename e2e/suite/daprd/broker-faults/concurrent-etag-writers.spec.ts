import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { tempDir, type DaprdProcess } from '@dapr-ts/testing';
import { componentYaml } from '../pubsub-brokers/broker-resources';
import { startSidecar } from '../../../support/sidecar-pair';

const redisHost = process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379';
const postgresUrl = process.env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const mysqlUrl = new URL(process.env['MYSQL_URL']?.trim() || 'mysql://root@127.0.0.1:3306/test');
const mysqlDsn = `${decodeURIComponent(mysqlUrl.username)}:${decodeURIComponent(mysqlUrl.password)}@tcp(${mysqlUrl.hostname}:${mysqlUrl.port || 3306})/?allowNativePasswords=true`;
const run = randomUUID().slice(0, 8);
const table = `e2e_etag_race_${run}`;
const sqliteDir = tempDir('dapr-e2e-etag-sqlite-');
const Writers = 20;

/** One component per store, as Dapr's docs write them, each in its own table where the store has tables. */
const Resources = {
  'redis.yaml': componentYaml('redisstore', 'state.redis', { redisHost, redisPassword: '' }),
  'postgres.yaml': componentYaml('pgstore', 'state.postgresql', { connectionString: postgresUrl, tableName: table, metadataTableName: `${table}_md` }),
  'mysql.yaml': componentYaml('mysqlstore', 'state.mysql', { connectionString: mysqlDsn, schemaName: mysqlUrl.pathname.slice(1) || 'test', tableName: table, metadataTableName: `${table}_md` }),
  'sqlite.yaml': componentYaml('sqlitestore', 'state.sqlite', { connectionString: join(sqliteDir, 'data.db'), busyTimeout: '5s' }),
};

const Stores = [
  ['state.redis', 'redisstore'],
  ['state.postgresql', 'pgstore'],
  ['state.mysql', 'mysqlstore'],
  ['state.sqlite', 'sqlitestore'],
] as const;

interface Answer {
  status: number;
  errorCode?: string;
}

/** Drops what the run left on the shared servers; each failure names the server. */
async function dropLeftovers(keys: string[]): Promise<void> {
  const [host = '127.0.0.1', port = '6379'] = redisHost.split(':');
  const redis = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  const pg = new Client({ connectionString: postgresUrl });
  await pg.connect();
  await pg.query(`DROP TABLE IF EXISTS "${table}", "${table}_md"`);
  await pg.end();
  const mysql = await createConnection({ uri: mysqlUrl.href });
  await mysql.query(`DROP TABLE IF EXISTS \`${table}\`, \`${table}_md\``);
  await mysql.end();
  rmSync(sqliteDir, { recursive: true, force: true });
}

/**
 * Optimistic concurrency through daprd's HTTP API against each real store: twenty writers holding
 * the same etag race, exactly one wins and the rest get 409 ERR_STATE_SAVE; a transaction whose
 * last operation carries a stale etag applies none of its operations.
 */
describe('concurrent etag writers through daprd', () => {
  let daprd: DaprdProcess;
  const appId = `etag-race-${run}`;
  const redisKeys: string[] = [];

  beforeAll(async () => {
    daprd = await startSidecar({ appId, files: Resources });
  }, 60_000);
  afterAll(async () => {
    await daprd?.cleanup();
    await dropLeftovers(redisKeys);
  });

  const url = (store: string, suffix = ''): string => `http://127.0.0.1:${daprd.httpPort}/v1.0/state/${store}${suffix}`;
  const post = async (target: string, body: unknown): Promise<Answer> => {
    const res = await fetch(target, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    const errorCode = text ? (JSON.parse(text) as { errorCode?: string }).errorCode : undefined;
    return { status: res.status, ...(errorCode ? { errorCode } : {}) };
  };
  const read = async (store: string, key: string): Promise<{ value: unknown; etag: string }> => {
    const res = await fetch(url(store, `/${key}`));
    expect(res.status).toBe(200);
    return { value: await res.json(), etag: res.headers.get('etag') ?? '' };
  };
  const save = async (store: string, key: string, value: unknown, etag?: string): Promise<Answer> =>
    post(url(store), [{ key, value, ...(etag ? { etag, options: { concurrency: 'first-write' } } : {}) }]);

  describe.each(Stores)('%s', (_type, store) => {
    const key = (name: string): string => {
      const k = `${name}-${randomUUID().slice(0, 8)}`;
      if (store === 'redisstore') redisKeys.push(`${appId}||${k}`);
      return k;
    };

    it(`lets exactly one of ${Writers} writers with the same etag win; the rest get 409 ERR_STATE_SAVE`, async () => {
      const k = key('race');
      expect(await save(store, k, 'initial')).toEqual({ status: 204 });
      const { etag } = await read(store, k);
      expect(etag).not.toBe('');

      const answers = await Promise.all(Array.from({ length: Writers }, (_, i) => save(store, k, `writer-${i}`, etag)));

      const winners = answers.flatMap((a, i) => (a.status === 204 ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(answers.filter((a) => a.status !== 204)).toEqual(Array.from({ length: Writers - 1 }, () => ({ status: 409, errorCode: 'ERR_STATE_SAVE' })));
      expect((await read(store, k)).value).toBe(`writer-${winners[0]}`);
    });

    it('applies nothing of a transaction whose last operation has a stale etag', async () => {
      const [fresh, guarded, doomed] = [key('tx-fresh'), key('tx-guarded'), key('tx-doomed')];
      await save(store, guarded, 'before');
      await save(store, doomed, 'before');
      const stale = (await read(store, guarded)).etag;
      await save(store, guarded, 'moved on');

      const answer = await post(url(store, '/transaction'), {
        operations: [
          { operation: 'upsert', request: { key: fresh, value: 'new' } },
          { operation: 'delete', request: { key: doomed } },
          { operation: 'upsert', request: { key: guarded, value: 'overwritten', etag: stale, options: { concurrency: 'first-write' } } },
        ],
      });

      // The runtime's etag mapping: 409 with the code of the failed operation (the transaction).
      expect(answer).toEqual({ status: 409, errorCode: 'ERR_STATE_TRANSACTION' });
      expect((await fetch(url(store, `/${fresh}`))).status).toBe(204);
      expect((await read(store, doomed)).value).toBe('before');
      expect((await read(store, guarded)).value).toBe('moved on');
    });
  });
});
