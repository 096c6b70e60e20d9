import { readFileSync } from 'node:fs';
import { MetadataError } from './component-metadata';

/**
 * TLS options in node's `tls.ConnectionOptions` names, as pg's `ssl` option takes them. Plain data:
 * this contract library may not import pg.
 */
export interface PostgresTlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  /** Set to skip the host name check (verify-ca, or require with a root certificate). */
  checkServerIdentity?: () => undefined;
}

/** Connection fields in pg's `PoolConfig` names, as plain data the component hands to pg. */
export interface PostgresConnectionOptions {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  application_name?: string;
  options?: string;
  /** libpq's `sslmode` mapped onto pg: false for plain text. */
  ssl: false | PostgresTlsOptions;
  /** Pool size from pgx's `pool_max_conns`. */
  max?: number;
}

/** Where a connection string points, for logs and timeouts; never holds credentials. */
export interface PostgresTarget {
  /** `host:port/database`, without credentials; libpq's defaults fill in what is missing. */
  where: string;
  /** `connect_timeout`, in milliseconds, when given. */
  connectTimeoutMs: number | undefined;
}

/** A connection string decoded into pg's options. */
export interface ParsedPostgresConnection extends PostgresTarget {
  options: PostgresConnectionOptions;
}

/** Every error names this metadata field. */
const Field = 'connectionString';

/**
 * libpq keywords understood in either form (libpq "Connection Strings"). `database` is the alias
 * Dapr's docs use for `dbname`; `pool_*` are pgx pool settings that Go Dapr users put in the
 * string, accepted so their component files keep working.
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

/** Whether `text` is the URL form (`postgres://…` or `postgresql://…`) of a connection string. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text.trim());
}

/**
 * The libpq keywords of a connection string in either form: the URL form
 * (`postgres://user:pass@host:5432/db?sslmode=require`, its query parameters being keywords too)
 * or the keyword/value form (`host=localhost user=postgres port=5432 database=my_dapr`).
 * Keywords are not checked here; {@link postgresConnectionOptions} does that.
 */
export function postgresConnectionKeywords(text: string): Record<string, string> {
  const trimmed = text.trim();
  return isPostgresUrl(trimmed) ? urlKeywords(trimmed) : parseKeywordValuePairs(trimmed);
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

/**
 * Checks libpq keywords and converts them into pg's options. pg does not understand the keyword
 * form, and reads `sslmode` differently from libpq, so both forms go through here when the
 * component wants libpq's meaning.
 */
export function postgresConnectionOptions(keywords: Record<string, string>): ParsedPostgresConnection {
  for (const key of Object.keys(keywords)) {
    if (!KnownKeywords.has(key)) throw new MetadataError(Field, `has an unknown keyword "${key}"`);
  }
  const target = postgresTarget(keywords);
  const options: PostgresConnectionOptions = { ssl: tlsOptions(keywords) };
  const host = hostOf(keywords);
  const port = keywords['port'];
  const database = databaseOf(keywords);
  if (host !== undefined) options.host = host;
  if (port !== undefined) options.port = Number(port);
  if (keywords['user'] !== undefined) options.user = keywords['user'];
  if (keywords['password'] !== undefined) options.password = keywords['password'];
  if (database !== undefined) options.database = database;
  if (keywords['application_name'] !== undefined) options.application_name = keywords['application_name'];
  if (keywords['options'] !== undefined) options.options = keywords['options'];
  const maxConns = keywords['pool_max_conns'];
  if (maxConns !== undefined) {
    if (!/^\d+$/.test(maxConns.trim()) || Number(maxConns) < 1) throw new MetadataError(Field, `has pool_max_conns "${maxConns}", which is not a positive integer`);
    options.max = Number(maxConns);
  }
  return { options, ...target };
}

/**
 * Where the keywords point and how long connecting may take, checking the host, port and
 * `connect_timeout`. Components that leave the URL form to pg still read these for their logs.
 */
export function postgresTarget(keywords: Record<string, string>): PostgresTarget {
  const host = hostOf(keywords);
  if (host?.includes(',')) throw new MetadataError(Field, 'lists several hosts, which this runtime does not support');
  const port = keywords['port'];
  if (port !== undefined && !(/^\d+$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65535)) throw new MetadataError(Field, `has a port "${port}" that is not a number in 1-65535`);
  const timeout = keywords['connect_timeout'];
  if (timeout !== undefined && !/^\d+$/.test(timeout.trim())) throw new MetadataError(Field, `has connect_timeout "${timeout}", which is not a whole number of seconds`);
  const shownHost = host?.includes(':') ? `[${host}]` : host;
  return {
    where: `${shownHost || 'localhost'}:${port?.trim() || '5432'}/${databaseOf(keywords) || '(default database)'}`,
    connectTimeoutMs: timeout === undefined ? undefined : Number(timeout) * 1000,
  };
}

/** `hostaddr` is what libpq connects to when both are given; `host` then only names the server. */
function hostOf(keywords: Record<string, string>): string | undefined {
  return keywords['hostaddr'] ?? keywords['host'];
}

function databaseOf(keywords: Record<string, string>): string | undefined {
  return keywords['dbname'] ?? keywords['database'];
}

function urlKeywords(text: string): Record<string, string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The message of URL's own error repeats the input, password included.
    throw new MetadataError(Field, 'is not a valid postgres:// URL');
  }
  const keywords: Record<string, string> = {};
  const set = (key: string, value: string): void => {
    if (value !== '') keywords[key] = decodeURIComponent(value);
  };
  set('host', url.hostname.replace(/^\[|\]$/g, ''));
  set('port', url.port);
  set('user', url.username);
  set('password', url.password);
  set('dbname', url.pathname.replace(/^\//, ''));
  for (const [key, value] of url.searchParams) keywords[key] = value;
  return keywords;
}

/**
 * libpq's sslmode on pg's `ssl` option. pg cannot fall back from TLS to plain text, so `allow`
 * and `prefer` (libpq's default) connect without TLS; `require` encrypts without verifying the
 * server unless `sslrootcert` is given (libpq then verifies the chain, as for `verify-ca`).
 */
function tlsOptions(keywords: Record<string, string>): false | PostgresTlsOptions {
  const mode = keywords['sslmode'] ?? 'prefer';
  if (!SslModes.includes(mode)) throw new MetadataError(Field, `has sslmode "${mode}"; expected one of ${SslModes.join(', ')}`);
  if (mode === 'disable' || mode === 'allow' || mode === 'prefer') return false;
  const ca = readPem(keywords, 'sslrootcert');
  const verify = mode !== 'require' || ca !== undefined;
  const options: PostgresTlsOptions = { rejectUnauthorized: verify };
  if (ca !== undefined) options.ca = ca;
  const cert = readPem(keywords, 'sslcert');
  const key = readPem(keywords, 'sslkey');
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  // verify-ca checks the chain only, not that the certificate names the host.
  if (verify && mode !== 'verify-full') options.checkServerIdentity = () => undefined;
  return options;
}

function readPem(keywords: Record<string, string>, keyword: string): string | undefined {
  const path = keywords[keyword];
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    // Duck-typed: fs errors fail `instanceof Error` across Jest's module realms.
    const message = typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
    throw new MetadataError(Field, `cannot read ${keyword} file ${path}: ${message}`);
  }
}
