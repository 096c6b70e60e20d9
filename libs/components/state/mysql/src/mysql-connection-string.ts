import { MetadataError } from '@dapr-ts/components-common';
import { parseDuration } from '@dapr-ts/kit';

/**
 * How the connection uses TLS, after Go's `tls` DSN parameter: `disabled` (absent or `false`),
 * `verify` (`true`: system CAs), `skip-verify` (encrypted, server not verified), `preferred`
 * (Go tries TLS and falls back; the Node driver cannot fall back, so this connects in plain text)
 * and `custom` (any other name: Dapr registers its `pemPath` CA under `custom`).
 */
export type MySqlTlsMode = 'disabled' | 'verify' | 'skip-verify' | 'preferred' | 'custom';

/** A MySQL connection string decoded, in Go-driver DSN form or URL form. */
export interface MySqlConnectionSettings {
  host: string;
  port: number;
  /** Set for `unix(/path)` addresses; host and port are then unused. */
  socketPath?: string;
  user: string;
  password: string;
  /** The database named in the string, if any (Dapr's docs say to leave it out and use schemaName). */
  database?: string;
  tls: MySqlTlsMode;
  /** Go's `timeout` parameter: how long dialing may take. */
  connectTimeoutMs?: number;
  /** Parameters the Go driver sends as `SET <name>=<value>` on every new connection. */
  sessionVariables: Record<string, string>;
  /** `host:port` or the socket path, for messages (never the password). */
  where: string;
}

const DefaultPort = 3306;

/**
 * Go-driver parameters that need nothing from us: the Node driver already behaves that way
 * (parseTime, allowNativePasswords, interpolateParams...), or they tune Go's own I/O. `charset`
 * and `collation` are here too: connections always speak utf8mb4, as the state values need.
 */
const IgnoredParameters = new Set(
  [
    'allowAllFiles',
    'allowCleartextPasswords',
    'allowFallbackToPlaintext',
    'allowNativePasswords',
    'allowOldPasswords',
    'charset',
    'checkConnLiveness',
    'clientFoundRows',
    'collation',
    'columnsWithAlias',
    'connectionAttributes',
    'interpolateParams',
    'loc',
    'maxAllowedPacket',
    'multiStatements',
    'parseTime',
    'readTimeout',
    'rejectReadOnly',
    'serverPubKey',
    'timeTruncate',
    'writeTimeout',
  ].map((name) => name.toLowerCase()),
);

const Identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Decodes `connectionString` in the Go driver's DSN form that Dapr's docs show
 * (`user:password@tcp(host:3306)/?allowNativePasswords=true&tls=custom`) or as a
 * `mysql://user:password@host:3306/db?...` URL. Errors are MetadataErrors naming connectionString.
 */
export function parseMySqlConnectionString(value: string): MySqlConnectionSettings {
  const text = value.trim();
  return /^(mysql|mariadb):\/\//i.test(text) ? parseUrl(text) : parseDsn(text);
}

/** `[user[:password]@][net[(addr)]]/dbname[?param=value&...]`; the password may hold `@` and `:`. */
function parseDsn(dsn: string): MySqlConnectionSettings {
  // As the Go driver: the last "/" separates the address from the database name.
  const slash = dsn.lastIndexOf('/');
  if (slash < 0) throw invalid('a DSN needs a "/" before the database name, e.g. user:password@tcp(host:3306)/');
  const head = dsn.slice(0, slash);
  const tail = dsn.slice(slash + 1);
  const at = head.lastIndexOf('@');
  const credentials = at < 0 ? '' : head.slice(0, at);
  const address = at < 0 ? head : head.slice(at + 1);
  const colon = credentials.indexOf(':');
  const user = colon < 0 ? credentials : credentials.slice(0, colon);
  const password = colon < 0 ? '' : credentials.slice(colon + 1);
  const question = tail.indexOf('?');
  const database = question < 0 ? tail : tail.slice(0, question);
  const query = question < 0 ? '' : tail.slice(question + 1);
  return settings({ ...dsnAddress(address), user, password, database, params: new URLSearchParams(query) });
}

/** `tcp(host:port)`, `tcp`, `unix(/path)` or nothing (Go's default: tcp to 127.0.0.1:3306). */
function dsnAddress(address: string): { host: string; port: number; socketPath?: string } {
  if (address === '') return { host: '127.0.0.1', port: DefaultPort };
  const match = /^([a-z0-9]+)(?:\((.*)\))?$/i.exec(address);
  if (!match) throw invalid(`"${address}" is not an address such as tcp(host:3306)`);
  const [, net = '', addr = ''] = match;
  if (net === 'unix') return { host: 'localhost', port: DefaultPort, socketPath: addr || '/tmp/mysql.sock' };
  if (net !== 'tcp' && net !== 'tcp4' && net !== 'tcp6') throw invalid(`network "${net}" is not supported (use tcp or unix)`);
  return hostPort(addr || '127.0.0.1:3306');
}

function hostPort(addr: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(addr);
  if (!match) throw invalid(`"${addr}" is not host:port`);
  const host = match[1] ?? match[2] ?? '';
  const port = match[3] === undefined ? DefaultPort : Number(match[3]);
  if (port < 1 || port > 65535) throw invalid(`port ${match[3]} is out of range`);
  return { host: host || '127.0.0.1', port };
}

function parseUrl(text: string): MySqlConnectionSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('not a valid mysql:// URL');
  }
  return settings({
    ...hostPort(url.host),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    params: url.searchParams,
  });
}

function settings(parts: { host: string; port: number; socketPath?: string; user: string; password: string; database: string; params: URLSearchParams }): MySqlConnectionSettings {
  const result: MySqlConnectionSettings = {
    host: parts.host,
    port: parts.port,
    ...(parts.socketPath === undefined ? {} : { socketPath: parts.socketPath }),
    user: parts.user,
    password: parts.password,
    ...(parts.database === '' ? {} : { database: parts.database }),
    tls: 'disabled',
    sessionVariables: {},
    where: parts.socketPath ?? `${parts.host.includes(':') ? `[${parts.host}]` : parts.host}:${parts.port}`,
  };
  for (const [name, value] of parts.params) applyParameter(result, name, value);
  return result;
}

function applyParameter(target: MySqlConnectionSettings, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower === 'tls') {
    target.tls = tlsMode(value);
  } else if (lower === 'timeout') {
    target.connectTimeoutMs = dialTimeout(value);
  } else if (!IgnoredParameters.has(lower)) {
    if (!Identifier.test(name)) throw invalid(`parameter "${name}" is neither a driver option nor a system variable name`);
    target.sessionVariables[name] = value;
  }
}

function tlsMode(value: string): MySqlTlsMode {
  const lower = value.trim().toLowerCase();
  if (['true', '1'].includes(lower)) return 'verify';
  if (['false', '0', ''].includes(lower)) return 'disabled';
  if (lower === 'skip-verify' || lower === 'preferred') return lower;
  return 'custom';
}

function dialTimeout(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value.trim());
  } catch {
    throw invalid(`timeout "${value}" is not a duration such as 10s`);
  }
  if (ms <= 0) throw invalid(`timeout "${value}" must be positive`);
  return ms;
}

function invalid(message: string): MetadataError {
  return new MetadataError('connectionString', message);
}
