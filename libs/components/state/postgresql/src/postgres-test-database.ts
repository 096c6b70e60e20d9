import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * @internal For this project's specs only (not exported): the test database. `POSTGRES_URL`
 * overrides the local server `postgres://postgres@127.0.0.1:5432/test`.
 */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
}

/** @internal A table name no other test run uses, e.g. `dapr_ts_conf_3f9a1c2b7d4e`. */
export function uniqueTableName(label: string): string {
  return `dapr_ts_${label}_${randomBytes(6).toString('hex')}`;
}

/** @internal A plain client on the test database; fails naming Postgres when it is unreachable. */
export async function connectAdmin(url = testPostgresUrl()): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot reach the test Postgres at ${new URL(url).host} (set POSTGRES_URL): ${err instanceof Error ? err.message || String(err) : String(err)}`);
  }
  return client;
}

/** @internal Drops the tables a spec created, if they exist. */
export async function dropTables(tables: readonly string[], url = testPostgresUrl()): Promise<void> {
  if (tables.length === 0) return;
  const admin = await connectAdmin(url);
  try {
    await admin.query(`DROP TABLE IF EXISTS ${tables.join(', ')}`);
  } finally {
    await admin.end();
  }
}
