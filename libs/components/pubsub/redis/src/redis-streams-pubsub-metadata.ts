import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { parseDuration } from '@dapr-ts/kit';

/** One `host:port` of `redisHost`. */
export interface RedisAddress {
  host: string;
  port: number;
}

/** Typed component metadata of `pubsub.redis`, decoded once at init. */
export interface RedisStreamsPubSubMetadata {
  /** `redisHost` as written, for messages. */
  redisHost: string;
  /** The Redis server, or the Sentinels when `failover` is on. */
  addresses: RedisAddress[];
  redisUsername: string | undefined;
  redisPassword: string | undefined;
  redisDB: number;
  enableTLS: boolean;
  clientCert: string | undefined;
  clientKey: string | undefined;
  failover: boolean;
  sentinelMasterName: string | undefined;
  sentinelUsername: string | undefined;
  sentinelPassword: string | undefined;
  dialTimeoutMs: number;
  /** Command timeout in ms; undefined when `readTimeout` is -1 (none). */
  readTimeoutMs: number | undefined;
  /** Times a command is retried across reconnects (go-redis MaxRetries); 0 = fail at once. */
  redisMaxRetries: number;
  redisMinRetryIntervalMs: number;
  redisMaxRetryIntervalMs: number;
  /** Consumer group of subscriptions whose request metadata names none. */
  consumerID: string | undefined;
  /** Period of the reclaim loop, in ms; 0 disables redelivery. */
  redeliverIntervalMs: number;
  /** Idle time after which another consumer's pending message is taken over, in ms; 0 disables redelivery. */
  processingTimeoutMs: number;
  /** Entries one subscription reads ahead (XREADGROUP COUNT) and holds at most. */
  queueDepth: number;
  /** Handlers one subscription runs at once. */
  concurrency: number;
  /** XADD `MAXLEN ~` bound; 0 = unbounded. */
  maxLenApprox: number;
  /** XADD `MINID ~` age bound in ms; 0 = none. */
  streamTTLMs: number;
  /** Acknowledge even when the handler fails (the runtime's resiliency policy owns retries). */
  ackOnError: boolean;
}

export const DefaultRedisPort = 6379;

/**
 * Reads a redis duration the way contrib's redis settings do: a Go duration (or ISO 8601) or a bare
 * integer of **milliseconds** (not seconds, unlike most Dapr metadata); `-1` where `allowOff` means "off".
 */
function redisDuration(md: MetadataReader, name: string, fallbackMs: number, allowOff = false): number {
  const value = md.raw(name);
  if (value === undefined) return fallbackMs;
  const text = value.trim();
  let ms: number;
  // A leading day count (`30d`, `1d12h`) is allowed too: contrib's streamTTL example uses one.
  const days = /^(\d+)d(.*)$/i.exec(text);
  if (/^-?\d+$/.test(text)) ms = Number(text);
  else {
    try {
      ms = days ? Number(days[1]) * 86_400_000 + (days[2] ? parseDuration(days[2]) : 0) : parseDuration(text);
    } catch {
      throw new MetadataError(name, `"${value}" is not a duration (e.g. 500ms, 15s, or a number of milliseconds)`);
    }
  }
  if (ms < 0 && !(allowOff && ms === -1)) throw new MetadataError(name, `must not be negative${allowOff ? ' (except -1 for off)' : ''}, got ${value}`);
  return ms;
}

function nonNegativeInt(md: MetadataReader, name: string, fallback: number, min = 0): number {
  const value = md.int(name, fallback);
  if (value < min) throw new MetadataError(name, `must be ${min} or more, got ${value}`);
  return value;
}

/** Splits `host:port[,host:port…]`; IPv6 hosts go in brackets (`[::1]:6379`). */
export function parseRedisAddresses(redisHost: string): RedisAddress[] {
  return redisHost.split(',').map((part) => {
    const text = part.trim();
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(text);
    const host = match?.[1] ?? match?.[2];
    const port = match?.[3] === undefined ? DefaultRedisPort : Number(match[3]);
    if (!host || port < 1 || port > 65535) throw new MetadataError('redisHost', `"${text}" is not host:port`);
    return { host, port };
  });
}

/**
 * Decodes `pubsub.redis` metadata with Dapr's names and defaults (docs: setup-redis-pubsub).
 * Keys are case-insensitive; unknown keys are ignored; a bad value throws MetadataError naming
 * its field. go-redis pool settings are validated but have no effect (see metadata.yaml).
 */
export function parseRedisStreamsPubSubMetadata(properties: Record<string, string>): RedisStreamsPubSubMetadata {
  const md = new MetadataReader(properties);
  const redisHost = md.requiredString('redisHost');
  const redisType = md.string('redisType', 'node').trim().toLowerCase();
  if (redisType === 'cluster') throw new MetadataError('redisType', 'cluster is not supported by this implementation; use "node" (optionally with failover)');
  if (redisType !== 'node') throw new MetadataError('redisType', `must be "node" or "cluster", got ${md.raw('redisType')}`);
  if (md.bool('useEntraID', false)) throw new MetadataError('useEntraID', 'Entra ID authentication is not supported by this implementation');
  const failover = md.bool('failover', false);
  const sentinelMasterName = md.raw('sentinelMasterName');
  if (failover && sentinelMasterName === undefined) throw new MetadataError('sentinelMasterName', 'is required when failover is true');
  const addresses = parseRedisAddresses(redisHost);
  if (addresses.length > 1 && !failover) throw new MetadataError('redisHost', 'several hosts are only allowed with failover (Sentinel) enabled');
  const enableTLS = md.bool('enableTLS', false);
  const clientCert = md.raw('clientCert');
  const clientKey = md.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey go together');
  if (clientCert !== undefined && !enableTLS) throw new MetadataError('enableTLS', 'must be true when clientCert is set');

  const readTimeoutMs = redisDuration(md, 'readTimeout', 3000, true);
  // Accepted so existing component files load; ioredis has no connection pool to tune.
  redisDuration(md, 'writeTimeout', 0, true);
  redisDuration(md, 'poolTimeout', 0, true);
  redisDuration(md, 'maxConnAge', 0, true);
  redisDuration(md, 'idleCheckFrequency', 0, true);
  redisDuration(md, 'idleTimeout', 0, true);
  nonNegativeInt(md, 'poolSize', 0);
  nonNegativeInt(md, 'minIdleConns', 0);

  const redisMinRetryIntervalMs = redisDuration(md, 'redisMinRetryInterval', 8, true);
  const redisMaxRetryIntervalMs = redisDuration(md, 'redisMaxRetryInterval', 512, true);
  return {
    redisHost,
    addresses,
    redisUsername: md.raw('redisUsername'),
    redisPassword: md.raw('redisPassword'),
    redisDB: nonNegativeInt(md, 'redisDB', 0),
    enableTLS,
    clientCert,
    clientKey,
    failover,
    sentinelMasterName,
    sentinelUsername: md.raw('sentinelUsername'),
    sentinelPassword: md.raw('sentinelPassword'),
    dialTimeoutMs: redisDuration(md, 'dialTimeout', 5000) || 5000,
    readTimeoutMs: readTimeoutMs > 0 ? readTimeoutMs : undefined,
    redisMaxRetries: nonNegativeInt(md, 'redisMaxRetries', 0),
    redisMinRetryIntervalMs: Math.max(0, redisMinRetryIntervalMs),
    redisMaxRetryIntervalMs: Math.max(0, redisMaxRetryIntervalMs),
    consumerID: md.raw('consumerID'),
    redeliverIntervalMs: redisDuration(md, 'redeliverInterval', 60_000),
    processingTimeoutMs: redisDuration(md, 'processingTimeout', 15_000),
    queueDepth: nonNegativeInt(md, 'queueDepth', 100, 1),
    concurrency: nonNegativeInt(md, 'concurrency', 10, 1),
    maxLenApprox: nonNegativeInt(md, 'maxLenApprox', 0),
    streamTTLMs: redisDuration(md, 'streamTTL', 0),
    ackOnError: md.bool('ackOnError', false),
  };
}
