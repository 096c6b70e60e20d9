import { randomBytes } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { parseMySqlConnectionString } from './mysql-connection-string';

/**
 * @internal For this project's specs only (not exported): the test server. `MYSQL_URL` (DSN or
 * URL form) overrides the local MariaDB `mysql://root@127.0.0.1:3306/test`.
 */
export function testMySqlUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['MYSQL_URL']?.trim() || 'mysql://root@127.0.0.1:3306/test';
}

/** @internal The test database (the one named in MYSQL_URL), where specs put their tables. */
export function testSchema(): string {
  return parseMySqlConnectionString(testMySqlUrl()).database ?? 'test';
}

/** @internal A name no other test run uses, e.g. `dapr_ts_conf_3f9a1c2b7d4e`. */
export function uniqueName(label: string): string {
  return `dapr_ts_${label}_${randomBytes(6).toString('hex')}`;
}

/** @internal A plain connection to the test server; fails naming MariaDB when it is unreachable. */
export async function connectAdmin(url = testMySqlUrl()): Promise<Connection> {
  const settings = parseMySqlConnectionString(url);
  try {
    return await createConnection({
      ...(settings.socketPath === undefined ? { host: settings.host, port: settings.port } : { socketPath: settings.socketPath }),
      user: settings.user,
      password: settings.password,
      connectTimeout: 5000,
      jsonStrings: true,
    });
  } catch (err) {
    throw new Error(`cannot reach the test MariaDB (MySQL) server at ${settings.where} (set MYSQL_URL): ${err instanceof Error ? err.message || String(err) : String(err)}`);
  }
}

/** @internal Drops the tables and schemas a spec created, if they exist. */
export async function dropAll(names: { tables?: readonly string[]; schemas?: readonly string[] }, url = testMySqlUrl()): Promise<void> {
  const admin = await connectAdmin(url);
  try {
    const schema = testSchema();
    for (const table of names.tables ?? []) await admin.query(`DROP TABLE IF EXISTS \`${schema}\`.\`${table}\``);
    for (const name of names.schemas ?? []) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.end();
  }
}
