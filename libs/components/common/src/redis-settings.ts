import { MetadataError } from './component-metadata';
import type { MetadataReader } from './metadata-reader';

/** One Redis (or Sentinel) address. */
export interface RedisAddress {
  host: string;
  port: number;
}

/**
 * Dapr's common Redis connection metadata, decoded once (contrib common/component/redis/settings.go).
 * Durations are milliseconds; `undefined` means "disabled" where Dapr accepts `-1`.
 */
export interface RedisSettings {
  /** `redisHost`: one address, or the Sentinel addresses when `failover` is on. */
  addresses: RedisAddress[];
  username: string | undefined;
  password: string | undefined;
  db: number;
  enableTLS: boolean;
  clientCert: string | undefined;
  clientKey: string | undefined;
  /** `sentinelMasterName` when `failover` is on; then `addresses` are Sentinels. */
  sentinelMasterName: string | undefined;
  sentinelUsername: string | undefined;
  sentinelPassword: string | undefined;
  dialTimeoutMs: number;
  /** Per-command timeout; undefined when `readTimeout` is `-1`. */
  readTimeoutMs: number | undefined;
  /** Retries of a command across reconnects (go-redis MaxRetries: 0 means the default 3, -1 none). */
  maxRetries: number;
  minRetryIntervalMs: number;
  maxRetryIntervalMs: number;
}

/** What a component tells {@link parseRedisSettings} about itself. */
export interface RedisSettingsOptions {
  /** The component type, named in messages (`state.redis`). */
  component: string;
  /** Whether `failover: true` (Sentinel) is accepted; default true. */
  allowFailover?: boolean;
  /** Why Redis Cluster does not work for this component, added to the error that rejects it. */
  clusterReason?: string;
  /** Fields of the shared metadata this component decodes itself, with its own rules; not validated here. */
  ownFields?: readonly string[];
}

export const DefaultRedisPort = 6379;
const DefaultDialTimeoutMs = 5000;
const DefaultReadTimeoutMs = 3000;
const DefaultMaxRetries = 3;
const DefaultMinRetryIntervalMs = 8;
const DefaultMaxRetryIntervalMs = 512;

/**
 * Fields Dapr's Redis settings accept that tune go-redis's connection pool or another building
 * block (pub/sub redelivery). ioredis multiplexes one connection, so they do nothing here; they are
 * still validated, so one component file can serve several building blocks and a typo still fails
 * at init.
 */
const IgnoredDurationFields = ['writeTimeout', 'poolTimeout', 'maxConnAge', 'idleCheckFrequency', 'idleTimeout', 'maxRetryBackoff', 'redeliverInterval', 'processingTimeout'];
const IgnoredIntFields = ['poolSize', 'minIdleConns', 'maxRetries'];

/**
 * Decodes the Redis connection metadata every Redis component shares, with Dapr's names and
 * defaults. Only a single node (`redisType: node`), optionally behind Sentinels, is supported.
 * Every error is a MetadataError naming the field; the component's own fields are left to it.
 */
export function parseRedisSettings(reader: MetadataReader, options: RedisSettingsOptions): RedisSettings {
  const { component, allowFailover = true } = options;
  const failover = reader.strictBool('failover', false);
  if (failover && !allowFailover) throw new MetadataError('failover', `${component} does not support connecting to Redis with failover (Sentinel); use a standalone node`);
  const redisType = reader.string('redisType', 'node').trim().toLowerCase();
  if (redisType === 'cluster') {
    const reason = options.clusterReason === undefined ? '' : `: ${options.clusterReason}`;
    throw new MetadataError('redisType', `Redis Cluster ("cluster") is not supported by ${component} here${reason}; use "node"`);
  }
  if (redisType !== 'node') throw new MetadataError('redisType', `"${redisType}" is not a Redis type (expected "node")`);
  if (reader.strictBool('useEntraID', false)) throw new MetadataError('useEntraID', 'Microsoft Entra ID authentication is not supported by this runtime');

  const addresses = parseRedisAddresses(reader.requiredString('redisHost'));
  const sentinelMasterName = reader.raw('sentinelMasterName')?.trim();
  if (failover && !sentinelMasterName) throw new MetadataError('sentinelMasterName', 'is required when failover is true');
  if (addresses.length > 1 && !failover) {
    throw new MetadataError('redisHost', allowFailover ? 'lists several addresses, which only failover (Sentinel) mode accepts' : `lists several addresses; ${component} needs exactly one standalone node`);
  }

  const db = reader.int('redisDB', 0);
  if (db < 0) throw new MetadataError('redisDB', `must be 0 or more; got ${db}`);
  const enableTLS = reader.strictBool('enableTLS', false);
  const clientCert = reader.raw('clientCert');
  const clientKey = reader.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey must be set together');
  if (clientCert !== undefined && !enableTLS) throw new MetadataError('enableTLS', 'must be true when clientCert and clientKey are set');

  const maxRetries = reader.int('redisMaxRetries', 0);
  if (maxRetries < -1) throw new MetadataError('redisMaxRetries', `must be -1 (no retries) or more; got ${maxRetries}`);
  const own = new Set(options.ownFields ?? []);
  const duration = (name: string, fallbackMs: number): number | undefined => {
    const raw = reader.raw(name)?.trim();
    // A bare number is milliseconds in Dapr's Redis settings (contrib common/component/redis
    // Duration), unlike MetadataReader.duration's seconds: component files written for Dapr mean ms.
    if (raw !== undefined && /^\d+$/.test(raw)) return Number(raw);
    return reader.durationOrDisabled(name, fallbackMs);
  };
  for (const field of IgnoredDurationFields) if (!own.has(field)) duration(field, 0);
  for (const field of IgnoredIntFields) if (!own.has(field)) reader.int(field, 0);

  return {
    addresses,
    username: reader.raw('redisUsername'),
    password: reader.raw('redisPassword'),
    db,
    enableTLS,
    clientCert,
    clientKey,
    sentinelMasterName: failover ? sentinelMasterName : undefined,
    sentinelUsername: reader.raw('sentinelUsername'),
    sentinelPassword: reader.raw('sentinelPassword'),
    dialTimeoutMs: dialTimeout(duration('dialTimeout', DefaultDialTimeoutMs)),
    readTimeoutMs: readTimeout(duration('readTimeout', DefaultReadTimeoutMs)),
    maxRetries: maxRetries === 0 ? DefaultMaxRetries : Math.max(0, maxRetries),
    minRetryIntervalMs: duration('redisMinRetryInterval', DefaultMinRetryIntervalMs) ?? 0,
    maxRetryIntervalMs: duration('redisMaxRetryInterval', DefaultMaxRetryIntervalMs) ?? 0,
  };
}

/** `host[:port][,host[:port]…]`; `[v6]:port` for IPv6; a missing port means 6379. */
export function parseRedisAddresses(redisHost: string): RedisAddress[] {
  return redisHost.split(',').map((part) => {
    const text = part.trim();
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
    const host = match?.[1] ?? match?.[2];
    const port = match?.[3] === undefined ? DefaultRedisPort : Number(match[3]);
    if (!host || port < 1 || port > 65535) throw new MetadataError('redisHost', `"${text}" is not a host:port address`);
    return { host, port };
  });
}

/** go-redis reads 0 as its default; a connection cannot be dialled without a bound, so -1 is refused. */
function dialTimeout(ms: number | undefined): number {
  if (ms === undefined) throw new MetadataError('dialTimeout', 'cannot be disabled; use a positive duration');
  return ms === 0 ? DefaultDialTimeoutMs : ms;
}

/**
 * go-redis reads 0 as its default (3s) and -1 as "no timeout". ioredis would time every command
 * out at once with a `commandTimeout` of 0, so 0 must not reach it.
 */
function readTimeout(ms: number | undefined): number | undefined {
  return ms === 0 ? DefaultReadTimeoutMs : ms;
}
