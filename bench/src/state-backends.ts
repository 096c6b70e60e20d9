import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Pool as PgPool } from 'pg';
import { Pool } from 'undici';
import { DaprdProcess, tempDirWith } from '@dapr-ts/testing';
import { fixedRate, type LatencyResult } from './fixed-rate';

/** Open-loop load for each state scenario; both ends fit this 2-core box without queueing. */
export const StateBenchSettings = { rate: 300, connections: 16, keys: 100 } as const;

const redisHost = process.env['REDIS_HOST']?.trim() || '127.0.0.1:6379';
const postgresUrl = process.env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
/** The value every save writes: 1 KB of JSON, as the other scenarios send. */
const Value = { data: 'z'.repeat(1000) };

type Op = 'save' | 'get';

interface Row {
  backend: string;
  op: Op;
  dapr: LatencyResult;
  direct: LatencyResult;
}

const component = (name: string, type: string, metadata: Record<string, string>): string =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${Object.entries(metadata)
    .map(([k, v]) => `  - name: ${k}\n    value: "${v}"\n`)
    .join('')}`;

/**
 * State save and get through daprd's HTTP API against state.redis and state.postgresql, next to the
 * same operation with the driver directly: ioredis SET/GET of the same 1 KB JSON, and pg running the
 * upsert/select on a table of the component's shape. Each pair runs at the same fixed rate for
 * `seconds`; the rows give p50/p90/p99, the added latency and the p50 ratio daprd/direct.
 */
export async function runStateBackendScenarios(options: { seconds: number; registryDir: string; log: (s: string) => void }): Promise<{ rows: string[][]; summary: string; results: Row[] }> {
  const { rate, connections, keys } = StateBenchSettings;
  const run = randomUUID().slice(0, 8);
  const daprTable = `bench_state_${run}`;
  const directTable = `bench_direct_${run}`;
  const [host = '127.0.0.1', port = '6379'] = redisHost.split(':');
  const redis = new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 1 });
  const pg = new PgPool({ connectionString: postgresUrl, max: connections });
  await redis.connect().catch((err: unknown) => {
    throw new Error(`the state bench needs Redis at ${redisHost} (set REDIS_HOST): ${String(err)}`);
  });
  await pg.query('SELECT 1').catch((err: unknown) => {
    throw new Error(`the state bench needs PostgreSQL at ${postgresUrl} (set POSTGRES_URL): ${String(err)}`);
  });
  const daprd = new DaprdProcess({
    appId: `bench-state-${run}`,
    registryDir: options.registryDir,
    logLevel: 'warn',
    resourcesPaths: [
      tempDirWith({
        'redis.yaml': component('redisstore', 'state.redis', { redisHost, redisPassword: '' }),
        'postgres.yaml': component('pgstore', 'state.postgresql', { connectionString: postgresUrl, tableName: daprTable, metadataTableName: `${daprTable}_md` }),
      }),
    ],
  });
  const results: Row[] = [];
  try {
    await daprd.run();
    await daprd.waitUntilRunning();
    const dapr = new Pool(`http://127.0.0.1:${daprd.httpPort}`, { connections, pipelining: 1 });
    const body = JSON.stringify(Value);
    const key = (i: number): string => `k${i % keys}`;
    const daprOp = (store: string, op: Op) => {
      let i = 0;
      return async (): Promise<void> => {
        const k = key(i++);
        const res =
          op === 'save'
            ? await dapr.request({ method: 'POST', path: `/v1.0/state/${store}`, headers: { 'content-type': 'application/json' }, body: `[{"key":"${k}","value":${body}}]` })
            : await dapr.request({ method: 'GET', path: `/v1.0/state/${store}/${k}` });
        await res.body.arrayBuffer();
        if (res.statusCode >= 300) throw new Error(`status ${res.statusCode}`);
      };
    };
    // The component's table shape, and the component's upsert and select, minus its TTL handling.
    await pg.query(`CREATE TABLE ${directTable} (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL, isbinary boolean NOT NULL, insertdate timestamptz NOT NULL DEFAULT NOW(), updatedate timestamptz NULL, expiredate timestamptz NULL)`);
    const directOp = (backend: 'redis' | 'postgres', op: Op) => {
      let i = 0;
      return async (): Promise<void> => {
        const k = `bench-direct-${run}||${key(i++)}`;
        if (backend === 'redis') await (op === 'save' ? redis.set(k, body) : redis.get(k));
        else if (op === 'save')
          await pg.query(`INSERT INTO ${directTable} (key, value, isbinary) VALUES ($1, $2, false) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, isbinary = EXCLUDED.isbinary, updatedate = CURRENT_TIMESTAMP`, [k, body]);
        else await pg.query(`SELECT value::text, isbinary, xmin::text AS etag FROM ${directTable} WHERE key = $1`, [k]);
      };
    };
    for (const [backend, store] of [
      ['redis', 'redisstore'],
      ['postgres', 'pgstore'],
    ] as const) {
      for (const op of ['save', 'get'] as const) {
        options.log(`state ${op} at ${rate} rps: ${backend} direct, then via daprd`);
        // Saves run first, so every get finds its key; a 2 s warm-up fills pools and JITs both paths.
        await fixedRate(rate, 2, directOp(backend, op));
        const direct = await fixedRate(rate, options.seconds, directOp(backend, op));
        await fixedRate(rate, 2, daprOp(store, op));
        const viaDapr = await fixedRate(rate, options.seconds, daprOp(store, op));
        results.push({ backend, op, dapr: viaDapr, direct });
      }
    }
    await dapr.close();
  } finally {
    await daprd.cleanup();
    await redis.del(...Array.from({ length: keys }, (_, i) => [`bench-direct-${run}||k${i}`, `bench-state-${run}||k${i}`]).flat()).catch(() => undefined);
    redis.disconnect();
    await pg.query(`DROP TABLE IF EXISTS ${directTable}, ${daprTable}, ${daprTable}_md`).catch(() => undefined);
    await pg.end();
  }

  const ms = (r: LatencyResult): string => `${r.p50.toFixed(2)} / ${r.p90.toFixed(2)} / ${r.p99.toFixed(2)}`;
  const achieved = (r: LatencyResult): string => `${r.achievedRps.toFixed(0)} rps, ${r.errors} errors`;
  const ratio = (r: Row): string => (r.dapr.p50 / r.direct.p50).toFixed(1);
  const label = (r: Row): string => `${r.backend === 'redis' ? 'Redis' : 'Postgres'} state ${r.op}`;
  const rows = results.flatMap((r) => [
    [`${label(r)} direct (${r.backend === 'redis' ? 'ioredis' : 'pg'}) @${rate} rps`, ms(r.direct), '—', achieved(r.direct)],
    [
      `${label(r)} via daprd HTTP @${rate} rps`,
      ms(r.dapr),
      `+${(r.dapr.p50 - r.direct.p50).toFixed(2)} / +${(r.dapr.p90 - r.direct.p90).toFixed(2)} / +${(r.dapr.p99 - r.direct.p99).toFixed(2)} (p50 ${ratio(r)}x)`,
      achieved(r.dapr),
    ],
  ]);
  const summary = `State through daprd vs the driver directly, p50 ratio: ${results.map((r) => `${label(r)} ${ratio(r)}x`).join(', ')} (1 KB JSON, ${keys} keys, ${rate} rps, ${options.seconds} s each).`;
  return { rows, summary, results };
}
