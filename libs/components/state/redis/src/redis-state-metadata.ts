import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { parseTtlInSeconds } from '@dapr-ts/components-state';

/** One Redis (or Sentinel) address. */
export interface RedisAddress {
  host: string;
  port: number;
}

/**
 * `state.redis` component metadata, decoded once (contrib common/component/redis/settings.go).
 * Durations are milliseconds; `undefined` means "disabled" where Dapr accepts `-1`.
 */
export interface RedisStateMetadata {
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
  /** Default TTL in seconds for writes without one (`-1`: clear any TTL); undefined = none. */
  ttlInSeconds: number | undefined;
  actorStateStore: boolean;
  /** Set when `queryIndexes` is given; the Query API is not offered, so it is only reported. */
  queryIndexes: string | undefined;
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
 * Fields Dapr's Redis settings accept that tune go-redis's connection pool or pubsub. ioredis
 * multiplexes one connection, so they have no counterpart; they are still validated so a typo
 * fails at init instead of being silently ignored.
 */
const PoolDurationFields = ['writeTimeout', 'poolTimeout', 'maxConnAge', 'idleCheckFrequency', 'idleTimeout', 'maxRetryBackoff', 'redeliverInterval', 'processingTimeout'];
const PoolIntFields = ['poolSize', 'minIdleConns', 'maxRetries'];

/**
 * Decodes `state.redis` metadata with Dapr's names and defaults (docs: "Redis state store component
 * spec"). Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parseRedisStateMetadata(properties: Record<string, string>): RedisStateMetadata {
  const reader = new MetadataReader(properties);
  const failover = strictBool(reader, 'failover', false);
  const redisType = reader.string('redisType', 'node').trim().toLowerCase();
  if (redisType === 'cluster') throw new MetadataError('redisType', 'Redis Cluster ("cluster") is not supported by this runtime; use "node"');
  if (redisType !== 'node') throw new MetadataError('redisType', `"${redisType}" is not a Redis type (expected "node")`);
  if (strictBool(reader, 'useEntraID', false)) throw new MetadataError('useEntraID', 'Microsoft Entra ID authentication is not supported by this runtime');

  const addresses = parseAddresses(reader.requiredString('redisHost'));
  const sentinelMasterName = reader.raw('sentinelMasterName')?.trim();
  if (failover && !sentinelMasterName) throw new MetadataError('sentinelMasterName', 'is required when failover is true');
  if (!failover && addresses.length > 1) throw new MetadataError('redisHost', 'lists several addresses, which only failover (Sentinel) mode accepts');

  const db = reader.int('redisDB', 0);
  if (db < 0) throw new MetadataError('redisDB', `must be 0 or more; got ${db}`);
  const enableTLS = strictBool(reader, 'enableTLS', false);
  const clientCert = reader.raw('clientCert');
  const clientKey = reader.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey must be set together');
  if (clientCert !== undefined && !enableTLS) throw new MetadataError('enableTLS', 'must be true when clientCert and clientKey are set');

  const maxRetries = reader.int('redisMaxRetries', 0);
  if (maxRetries < -1) throw new MetadataError('redisMaxRetries', `must be -1 (no retries) or more; got ${maxRetries}`);
  for (const field of PoolDurationFields) durationOrDisabled(reader, field, 0);
  for (const field of PoolIntFields) reader.int(field, 0);

  const ttlRaw = reader.raw('ttlInSeconds');
  const ttlMs = ttlRaw === undefined ? undefined : parseTtlInSeconds({ ttlInSeconds: ttlRaw });

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
    dialTimeoutMs: durationOrDisabled(reader, 'dialTimeout', DefaultDialTimeoutMs) ?? DefaultDialTimeoutMs,
    readTimeoutMs: durationOrDisabled(reader, 'readTimeout', DefaultReadTimeoutMs),
    maxRetries: maxRetries === 0 ? DefaultMaxRetries : Math.max(0, maxRetries),
    minRetryIntervalMs: durationOrDisabled(reader, 'redisMinRetryInterval', DefaultMinRetryIntervalMs) ?? 0,
    maxRetryIntervalMs: durationOrDisabled(reader, 'redisMaxRetryInterval', DefaultMaxRetryIntervalMs) ?? 0,
    ttlInSeconds: ttlMs === undefined || ttlMs === -1 ? ttlMs : ttlMs / 1000,
    actorStateStore: strictBool(reader, 'actorStateStore', false),
    queryIndexes: reader.raw('queryIndexes'),
  };
}

/** `host:port[,host:port…]`; `[v6]:port` for IPv6; a missing port means 6379. */
function parseAddresses(raw: string): RedisAddress[] {
  return raw.split(',').map((part) => {
    const text = part.trim();
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
    const host = match?.[1] ?? match?.[2];
    const port = match?.[3] === undefined ? DefaultPort : Number(match[3]);
    if (!host || port < 1 || port > 65535) throw new MetadataError('redisHost', `"${text}" is not a host:port address`);
    return { host, port };
  });
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
