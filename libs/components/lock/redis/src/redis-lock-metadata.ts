import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/**
 * `lock.redis` component metadata, decoded once with Dapr's names (contrib
 * common/component/redis/settings.go, as used by contrib lock/redis). Durations are milliseconds.
 */
export interface RedisLockMetadata {
  /** `redisHost`: the one Redis node. */
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  db: number;
  enableTLS: boolean;
  clientCert: string | undefined;
  clientKey: string | undefined;
  dialTimeoutMs: number;
  /** Per-command timeout; undefined when `readTimeout` is `-1`. */
  readTimeoutMs: number | undefined;
  /** Retries of a command across reconnects (go-redis MaxRetries: 0 means the default 3, -1 none). */
  maxRetries: number;
  minRetryIntervalMs: number;
  maxRetryIntervalMs: number;
}

const DefaultPort = 6379;
const DefaultDialTimeoutMs = 5000;
const DefaultReadTimeoutMs = 3000;
const DefaultMaxRetries = 3;
const DefaultMinRetryIntervalMs = 8;
const DefaultMaxRetryIntervalMs = 512;

const Truthy = ['y', 'yes', 'true', 't', 'on', '1'];
const Falsy = ['n', 'no', 'false', 'f', 'off', '0'];

/**
 * Settings Dapr's shared Redis metadata accepts that tune go-redis's pool or other building
 * blocks. ioredis multiplexes one connection, so they do nothing here; they are still validated,
 * so one component file can serve state, pub/sub and lock and a typo still fails at init.
 */
const IgnoredDurationFields = ['writeTimeout', 'poolTimeout', 'maxConnAge', 'idleCheckFrequency', 'idleTimeout', 'maxRetryBackoff', 'redeliverInterval', 'processingTimeout'];
const IgnoredIntFields = ['poolSize', 'minIdleConns', 'maxRetries'];

/**
 * Decodes `lock.redis` metadata. Keys match case-insensitively; every error is a MetadataError
 * naming the field. Like Dapr's lock.redis, only a standalone node is accepted: a lock that
 * failover or asynchronous replication could lose is not a lock, so `failover: true` and
 * `redisType: cluster` are rejected here (and a server with replicas is rejected at init).
 */
export function parseRedisLockMetadata(properties: Record<string, string>): RedisLockMetadata {
  const reader = new MetadataReader(properties);
  if (strictBool(reader, 'failover', false)) throw new MetadataError('failover', 'lock.redis does not support connecting to Redis with failover (Sentinel); use a standalone node');
  const redisType = reader.string('redisType', 'node').trim().toLowerCase();
  if (redisType === 'cluster') throw new MetadataError('redisType', 'lock.redis does not support Redis Cluster ("cluster"); use a standalone node ("node")');
  if (redisType !== 'node') throw new MetadataError('redisType', `"${redisType}" is not a Redis type (expected "node")`);
  if (strictBool(reader, 'useEntraID', false)) throw new MetadataError('useEntraID', 'Microsoft Entra ID authentication is not supported by this runtime');

  const { host, port } = parseAddress(reader.requiredString('redisHost'));
  const db = reader.int('redisDB', 0);
  if (db < 0) throw new MetadataError('redisDB', `must be 0 or more; got ${db}`);
  const enableTLS = strictBool(reader, 'enableTLS', false);
  const clientCert = reader.raw('clientCert');
  const clientKey = reader.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey must be set together');
  if (clientCert !== undefined && !enableTLS) throw new MetadataError('enableTLS', 'must be true when clientCert and clientKey are set');

  const maxRetries = reader.int('redisMaxRetries', 0);
  if (maxRetries < -1) throw new MetadataError('redisMaxRetries', `must be -1 (no retries) or more; got ${maxRetries}`);
  for (const field of IgnoredDurationFields) durationOrDisabled(reader, field, 0);
  for (const field of IgnoredIntFields) reader.int(field, 0);

  return {
    host,
    port,
    username: reader.raw('redisUsername'),
    password: reader.raw('redisPassword'),
    db,
    enableTLS,
    clientCert,
    clientKey,
    dialTimeoutMs: durationOrDisabled(reader, 'dialTimeout', DefaultDialTimeoutMs) ?? DefaultDialTimeoutMs,
    readTimeoutMs: durationOrDisabled(reader, 'readTimeout', DefaultReadTimeoutMs),
    maxRetries: maxRetries === 0 ? DefaultMaxRetries : Math.max(0, maxRetries),
    minRetryIntervalMs: durationOrDisabled(reader, 'redisMinRetryInterval', DefaultMinRetryIntervalMs) ?? 0,
    maxRetryIntervalMs: durationOrDisabled(reader, 'redisMaxRetryInterval', DefaultMaxRetryIntervalMs) ?? 0,
  };
}

/** `host[:port]`, `[v6]:port` for IPv6; a missing port means 6379. A list is a failover setup. */
function parseAddress(raw: string): { host: string; port: number } {
  const text = raw.trim();
  if (text.includes(',')) throw new MetadataError('redisHost', 'lists several addresses; lock.redis needs exactly one standalone node');
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] === undefined ? DefaultPort : Number(match[3]);
  if (!host || port < 1 || port > 65535) throw new MetadataError('redisHost', `"${text}" is not a host:port address`);
  return { host, port };
}

/** Dapr's truthy words, plus their opposites; anything else is an error rather than a silent false. */
function strictBool(reader: MetadataReader, name: string, fallback: boolean): boolean {
  const raw = reader.raw(name);
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (Truthy.includes(value)) return true;
  if (Falsy.includes(value)) return false;
  throw new MetadataError(name, `"${raw}" is not a boolean (use true or false)`);
}

/** A duration in milliseconds, or undefined for Dapr's `-1` ("disabled"). */
function durationOrDisabled(reader: MetadataReader, name: string, fallbackMs: number): number | undefined {
  if (reader.raw(name)?.trim() === '-1') return undefined;
  const ms = reader.duration(name, fallbackMs);
  if (ms < 0) throw new MetadataError(name, 'must not be negative (use -1 to disable)');
  return ms;
}
