import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import { MetadataError } from '@dapr-ts/components-common';

/** The connection settings pg receives, plus a credential-free description for logs and errors. */
export interface PostgresConnectionSettings {
  /** Connection fields for pg's `Pool` (a `connectionString` for the URL form). */
  pool: PoolConfig;
  /** `host:port/database`, without credentials. */
  where: string;
  /** `connect_timeout` from the connection string, in milliseconds, when given. */
  connectTimeoutMs: number | undefined;
}

const Field = 'connectionString';

/**
 * libpq keywords understood in the keyword/value form (libpq "Keyword/Value Connection Strings").
 * `database` is the alias Dapr's docs use for `dbname`; `pool_*` are pgx pool settings that Go
 * Dapr users put in the string, accepted so their component files keep working.
 */
const KnownKeywords = new Set([
  'host',
  'hostaddr',
  'port',
  'user',
  'password',
  'dbname',
  'database',
  'connect_timeout',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'application_name',
  'options',
  'target_session_attrs',
  'pool_max_conns',
  'pool_min_conns',
  'pool_max_conn_lifetime',
  'pool_max_conn_idle_time',
  'pool_health_check_period',
]);

const SslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * Turns Dapr's `connectionString` into pg settings. Accepts the URL form
 * (`postgres://user:pass@host:5432/db?sslmode=require`), which pg parses itself, and libpq's
 * keyword/value form (`host=localhost user=postgres port=5432 database=my_dapr`), which pg does
 * not understand and is converted here. Errors are MetadataErrors naming `connectionString`.
 */
export function parsePostgresConnectionString(text: string): PostgresConnectionSettings {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return fromUrl(trimmed);
  return fromKeywords(parseKeywordValuePairs(trimmed));
}

/**
 * Splits a keyword/value connection string: `key = value` pairs separated by whitespace; values
 * may be single-quoted, and `\'` and `\\` escape inside or outside quotes (libpq rules).
 */
export function parseKeywordValuePairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  for (skipSpace(); i < text.length; skipSpace()) {
    const keyStart = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
    const key = text.slice(keyStart, i);
    skipSpace();
    if (key === '' || text[i] !== '=') throw new MetadataError(Field, `is neither a postgres:// URL nor keyword=value pairs (problem near position ${keyStart})`);
    i++;
    skipSpace();
    let value = '';
    const quoted = text[i] === "'";
    if (quoted) i++;
    for (; i < text.length; i++) {
      const c = text[i] as string;
      if (quoted ? c === "'" : /\s/.test(c)) break;
      if (c === '\\' && i + 1 < text.length) {
        i++;
        value += text[i];
      } else {
        value += c;
      }
    }
    if (quoted) {
      if (text[i] !== "'") throw new MetadataError(Field, `has an unterminated quoted value for "${key}"`);
      i++;
    }
    pairs[key] = value;
  }
  return pairs;
}

function fromUrl(text: string): PostgresConnectionSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The message of URL's own error repeats the input, password included.
    throw new MetadataError(Field, 'is not a valid postgres:// URL');
  }
  const timeout = url.searchParams.get('connect_timeout') ?? undefined;
  return {
    pool: { connectionString: text },
    where: describe(url.searchParams.get('host') ?? decodeURIComponent(url.hostname), url.port || url.searchParams.get('port') || undefined, decodeURIComponent(url.pathname.replace(/^\//, ''))),
    connectTimeoutMs: timeout === undefined ? undefined : connectTimeout(timeout),
  };
}

function fromKeywords(pairs: Record<string, string>): PostgresConnectionSettings {
  for (const key of Object.keys(pairs)) {
    if (!KnownKeywords.has(key)) throw new MetadataError(Field, `has an unknown keyword "${key}"`);
  }
  const host = pairs['host'] ?? pairs['hostaddr'];
  if (host?.includes(',')) throw new MetadataError(Field, 'lists several hosts, which this runtime does not support');
  const portText = pairs['port'];
  if (portText !== undefined && !/^\d+$/.test(portText)) throw new MetadataError(Field, `has a port "${portText}" that is not a number`);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) throw new MetadataError(Field, `has a port ${port} outside 1-65535`);
  const database = pairs['dbname'] ?? pairs['database'];
  const pool: PoolConfig = {
    ...(host === undefined ? {} : { host }),
    ...(port === undefined ? {} : { port }),
    ...(pairs['user'] === undefined ? {} : { user: pairs['user'] }),
    ...(pairs['password'] === undefined ? {} : { password: pairs['password'] }),
    ...(database === undefined ? {} : { database }),
    ...(pairs['application_name'] === undefined ? {} : { application_name: pairs['application_name'] }),
    ...(pairs['options'] === undefined ? {} : { options: pairs['options'] }),
    ssl: tlsOptions(pairs),
  };
  const maxConns = pairs['pool_max_conns'];
  if (maxConns !== undefined) {
    if (!/^\d+$/.test(maxConns) || Number(maxConns) < 1) throw new MetadataError(Field, `has pool_max_conns "${maxConns}", which is not a positive integer`);
    pool.max = Number(maxConns);
  }
  const timeout = pairs['connect_timeout'];
  return { pool, where: describe(host, portText, database), connectTimeoutMs: timeout === undefined ? undefined : connectTimeout(timeout) };
}

/**
 * libpq's sslmode on pg's `ssl` option. pg cannot fall back from TLS to plain text, so `allow`
 * and `prefer` (libpq's default) connect without TLS; `require` encrypts without verifying the
 * server unless `sslrootcert` is given (libpq then verifies the chain, as for `verify-ca`).
 */
function tlsOptions(pairs: Record<string, string>): false | ConnectionOptions {
  const mode = pairs['sslmode'] ?? 'prefer';
  if (!SslModes.includes(mode)) throw new MetadataError(Field, `has sslmode "${mode}"; expected one of ${SslModes.join(', ')}`);
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;
  const ca = readPem(pairs, 'sslrootcert');
  const verify = mode !== 'require' || ca !== undefined;
  const options: ConnectionOptions = { rejectUnauthorized: verify };
  if (ca !== undefined) options.ca = ca;
  const cert = readPem(pairs, 'sslcert');
  const key = readPem(pairs, 'sslkey');
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  // verify-ca checks the chain only, not that the certificate names the host.
  if (verify && mode !== 'verify-full') options.checkServerIdentity = () => undefined;
  return options;
}

function readPem(pairs: Record<string, string>, keyword: string): string | undefined {
  const path = pairs[keyword];
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new MetadataError(Field, `cannot read ${keyword} file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function connectTimeout(seconds: string): number {
  if (!/^\d+$/.test(seconds.trim())) throw new MetadataError(Field, `has connect_timeout "${seconds}", which is not a whole number of seconds`);
  return Number(seconds) * 1000;
}

/** libpq's defaults fill in what the string leaves out, as pg does (PGHOST… also apply). */
function describe(host: string | undefined, port: string | undefined, database: string | undefined): string {
  return `${host || 'localhost'}:${port || '5432'}/${database || '(default database)'}`;
}
