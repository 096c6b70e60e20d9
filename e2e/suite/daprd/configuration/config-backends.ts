import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export const redisHost = process.env['REDIS_HOST'] ?? '127.0.0.1:6379';
export const postgresUrl = process.env['POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A configuration store's backend, written directly as an operator would (Dapr never writes). */
export interface ConfigBackend {
  /** The component file, named `name`. */
  component(name: string): string;
  /** Request metadata subscriptions need (Postgres: the trigger's channel). */
  subscribeMetadata: Record<string, string>;
  set(key: string, value: string, version: string): Promise<void>;
  close(): Promise<void>;
}

const component = (name: string, type: string, metadata: Record<string, string>): string =>
  `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  version: v1\n  metadata:\n${Object.entries(metadata)
    .map(([k, v]) => `  - name: ${k}\n    value: "${v}"\n`)
    .join('')}`;

/** configuration.redis as Dapr's docs define it; items are `value||version` strings. */
export async function redisBackend(): Promise<ConfigBackend> {
  const [host, port] = redisHost.split(':');
  const client = new Redis({ host, port: Number(port ?? 6379), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.connect().catch((err: unknown) => {
    throw new Error(`these tests need Redis at ${redisHost} (set REDIS_HOST): ${String(err)}`);
  });
  const written: string[] = [];
  return {
    component: (name) => component(name, 'configuration.redis', { redisHost, redisPassword: '' }),
    subscribeMetadata: {},
    async set(key, value, version) {
      written.push(key);
      await client.set(key, `${value}||${version}`);
    },
    async close() {
      if (written.length > 0) await client.del(...written);
      await client.quit();
    },
  };
}

/**
 * configuration.postgresql with the table and trigger Dapr's docs tell users to create, under a
 * name and channel no other run uses; `close` drops them.
 */
export async function postgresBackend(): Promise<ConfigBackend> {
  const client = new Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  await client.connect().catch((err: unknown) => {
    throw new Error(`these tests need Postgres at ${new URL(postgresUrl).host} (set POSTGRES_URL): ${String(err)}`);
  });
  const table = `e2e_config_${randomBytes(5).toString('hex')}`;
  const channel = `${table}_changes`;
  await client.query(`CREATE TABLE ${table} (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, METADATA JSON)`);
  await client.query(`CREATE OR REPLACE FUNCTION ${table}_notify() RETURNS TRIGGER AS $$
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
  await client.query(`CREATE TRIGGER ${table}_config AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE PROCEDURE ${table}_notify()`);
  return {
    component: (name) => component(name, 'configuration.postgresql', { connectionString: postgresUrl, table }),
    subscribeMetadata: { pgNotifyChannel: channel },
    async set(key, value, version) {
      const updated = await client.query(`UPDATE ${table} SET value = $2, version = $3 WHERE key = $1`, [key, value, version]);
      if (updated.rowCount === 0) await client.query(`INSERT INTO ${table} (key, value, version) VALUES ($1, $2, $3)`, [key, value, version]);
    },
    async close() {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query(`DROP FUNCTION IF EXISTS ${table}_notify()`);
      await client.end();
    },
  };
}

/** A key no other run uses. */
export function uniqueConfigKey(label: string): string {
  return `e2e-${label}-${randomBytes(5).toString('hex')}`;
}
