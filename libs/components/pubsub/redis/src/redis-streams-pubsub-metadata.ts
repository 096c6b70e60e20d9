import { MetadataError, MetadataReader, parseRedisSettings, type RedisAddress, type RedisSettings } from '@dapr-ts/components-common';
import { parseDuration } from '@dapr-ts/kit';

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

/**
 * Reads one of pubsub.redis's own durations the way contrib's redis settings do: a Go duration (or
 * ISO 8601) or a bare integer of **milliseconds** (not seconds, unlike most Dapr metadata).
 */
function redisDuration(md: MetadataReader, name: string, fallbackMs: number): number {
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
  if (ms < 0) throw new MetadataError(name, `must not be negative, got ${value}`);
  return ms;
}

function nonNegativeInt(md: MetadataReader, name: string, fallback: number, min = 0): number {
  const value = md.int(name, fallback);
  if (value < min) throw new MetadataError(name, `must be ${min} or more, got ${value}`);
  return value;
}

/**
 * Decodes `pubsub.redis` metadata with Dapr's names and defaults (docs: setup-redis-pubsub): the
 * shared Redis settings, then the Streams fields. Keys are case-insensitive; unknown keys are
 * ignored; a bad value throws MetadataError naming its field. go-redis pool settings are validated
 * but have no effect (see metadata.yaml).
 */
export function parseRedisStreamsPubSubMetadata(properties: Record<string, string>): RedisStreamsPubSubMetadata {
  const md = new MetadataReader(properties);
  const settings = parseRedisSettings(md, { component: 'pubsub.redis', ownFields: ['redeliverInterval', 'processingTimeout'] });
  return {
    redisHost: md.requiredString('redisHost'),
    addresses: settings.addresses,
    redisUsername: settings.username,
    redisPassword: settings.password,
    redisDB: settings.db,
    enableTLS: settings.enableTLS,
    clientCert: settings.clientCert,
    clientKey: settings.clientKey,
    failover: settings.sentinelMasterName !== undefined,
    sentinelMasterName: settings.sentinelMasterName,
    sentinelUsername: settings.sentinelUsername,
    sentinelPassword: settings.sentinelPassword,
    dialTimeoutMs: settings.dialTimeoutMs,
    readTimeoutMs: settings.readTimeoutMs,
    // Unlike go-redis (where 0 means 3 retries), 0 here fails a command at once while disconnected.
    redisMaxRetries: nonNegativeInt(md, 'redisMaxRetries', 0),
    redisMinRetryIntervalMs: settings.minRetryIntervalMs,
    redisMaxRetryIntervalMs: settings.maxRetryIntervalMs,
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

/** The shared Redis settings `md` was decoded from, for {@link redisConnectionOptions}. */
export function redisSettingsOf(md: RedisStreamsPubSubMetadata): RedisSettings {
  return {
    addresses: md.addresses,
    username: md.redisUsername,
    password: md.redisPassword,
    db: md.redisDB,
    enableTLS: md.enableTLS,
    clientCert: md.clientCert,
    clientKey: md.clientKey,
    sentinelMasterName: md.failover ? md.sentinelMasterName : undefined,
    sentinelUsername: md.sentinelUsername,
    sentinelPassword: md.sentinelPassword,
    dialTimeoutMs: md.dialTimeoutMs,
    readTimeoutMs: md.readTimeoutMs,
    maxRetries: md.redisMaxRetries,
    minRetryIntervalMs: md.redisMinRetryIntervalMs,
    maxRetryIntervalMs: md.redisMaxRetryIntervalMs,
  };
}
