import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * @internal For this project's specs only: the test database. `POSTGRES_URL` overrides the local
 * server `postgres://postgres@127.0.0.1:5432/test`.
 */
export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
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

/** @internal A configuration table with its notify trigger, named so no other run collides. */
export interface ConfigTable {
  table: string;
  channel: string;
  /** Inserts or updates a row, as an operator would (the table has no key constraint). */
  set(key: string, value: string, version: string, metadata?: Record<string, unknown>): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Drops the table, its trigger and function. */
  drop(): Promise<void>;
}

/**
 * @internal Creates the table and trigger exactly as Dapr's docs tell users to (configuration
 * store "PostgreSQL": CREATE TABLE, notify_event() with json_build_object, AFTER INSERT OR UPDATE
 * OR DELETE FOR EACH ROW), with a unique table, function and channel name per call.
 */
export async function createConfigTable(admin: Client, label: string, channel = `dapr_ts_${label}_${randomBytes(4).toString('hex')}`): Promise<ConfigTable> {
  const table = `dapr_ts_${label}_${randomBytes(6).toString('hex')}`;
  const fn = `${table}_notify`;
  await admin.query(`CREATE TABLE IF NOT EXISTS ${table} (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, METADATA JSON)`);
  await admin.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS TRIGGER AS $$
    DECLARE
      data json;
      notification json;
    BEGIN
      IF (TG_OP = 'DELETE') THEN
        data = row_to_json(OLD);
      ELSE
        data = row_to_json(NEW);
      END IF;
      notification = json_build_object('table', TG_TABLE_NAME, 'action', TG_OP, 'data', data);
      PERFORM pg_notify('${channel}', notification::text);
      RETURN NULL;
    END;
  $$ LANGUAGE plpgsql`);
  await admin.query(`CREATE TRIGGER ${table}_config AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE PROCEDURE ${fn}()`);
  return {
    table,
    channel,
    async set(key, value, version, metadata) {
      const json = metadata === undefined ? null : JSON.stringify(metadata);
      const updated = await admin.query(`UPDATE ${table} SET value = $2, version = $3, metadata = $4 WHERE key = $1`, [key, value, version, json]);
      if (updated.rowCount === 0) await admin.query(`INSERT INTO ${table} (key, value, version, metadata) VALUES ($1, $2, $3, $4)`, [key, value, version, json]);
    },
    async delete(keys) {
      await admin.query(`DELETE FROM ${table} WHERE key = ANY($1::varchar[])`, [[...keys]]);
    },
    async drop() {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.query(`DROP FUNCTION IF EXISTS ${fn}()`);
    },
  };
}
