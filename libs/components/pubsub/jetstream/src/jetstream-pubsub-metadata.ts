import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import { ConcurrencyMode } from '@dapr-ts/components-pubsub';
import { parseDuration } from '@dapr-ts/kit';

/** Where a new consumer starts in its stream (Dapr's `deliverPolicy` values). */
export const JetStreamDeliverPolicy = {
  All: 'all',
  Last: 'last',
  New: 'new',
  Sequence: 'sequence',
  Time: 'time',
} as const;
export type JetStreamDeliverPolicy = (typeof JetStreamDeliverPolicy)[keyof typeof JetStreamDeliverPolicy];

/** How deliveries are acknowledged (Dapr's `ackPolicy` values, as in JetStream). */
export const JetStreamAckPolicy = {
  Explicit: 'explicit',
  All: 'all',
  None: 'none',
} as const;
export type JetStreamAckPolicy = (typeof JetStreamAckPolicy)[keyof typeof JetStreamAckPolicy];

/** Typed component metadata of `pubsub.jetstream`, decoded once at init. */
export interface JetStreamPubSubMetadata {
  /** The servers to dial (`host:port`, `tls://host:port`), credentials removed. */
  servers: string[];
  /** `natsURL` as written, passwords and tokens masked, for logs and error messages. */
  target: string;
  /** Dial with TLS (a `tls://` server). */
  tls: boolean;
  user: string | undefined;
  pass: string | undefined;
  token: string | undefined;
  /** Connection name shown by the server. */
  name: string;
  /** Consumer group of subscriptions whose metadata names none (the runtime sets the app id). */
  consumerID: string | undefined;
  /** The stream to bind to; unset = the stream that captures the topic. */
  streamName: string | undefined;
  /** Durable consumer name for every subscription (Dapr); unset = `<consumerID>-<topic>` per topic. */
  durableName: string | undefined;
  /** Deliver group of the consumers; unset = the durable name, so sidecars of one app share it. */
  queueGroupName: string | undefined;
  deliverPolicy: JetStreamDeliverPolicy;
  startSequence: number | undefined;
  /** `startTime` (Unix seconds) as a Date. */
  startTime: Date | undefined;
  flowControl: boolean;
  /** Time a delivery may stay unacked before the server redelivers it, in ms; undefined = server default (30 s). */
  ackWaitMs: number | undefined;
  /** Deliveries per message at most; undefined = unlimited. */
  maxDeliver: number | undefined;
  /** Redelivery delays in ms, the n-th for the n-th redelivery (the last one repeats). */
  backOffMs: number[];
  maxAckPending: number | undefined;
  replicas: number | undefined;
  memoryStorage: boolean;
  /** Delivery rate limit in bits per second; undefined = none. */
  rateLimit: number | undefined;
  /** Idle heartbeat of the consumer, in ms. */
  heartbeatMs: number | undefined;
  ackPolicy: JetStreamAckPolicy;
  domain: string | undefined;
  apiPrefix: string | undefined;
  concurrency: ConcurrencyMode;
}

const DefaultName = 'dapr.io - pubsub.jetstream';
/** Authentication Dapr offers that this implementation does not; using one is an error, not a silent fallback. */
const UnsupportedAuth = ['jwt', 'seedKey', 'tls_client_cert', 'tls_client_key'] as const;

function oneOf<T extends string>(md: MetadataReader, name: string, allowed: readonly T[], fallback: T, ...aliases: string[]): T {
  const value = md.string(name, fallback, ...aliases).trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw new MetadataError(name, `must be one of ${allowed.join(', ')}, got ${md.raw(name, ...aliases)}`);
  return value as T;
}

function optionalInt(md: MetadataReader, name: string, min: number): number | undefined {
  if (md.raw(name) === undefined) return undefined;
  const value = md.int(name, 0);
  if (value < min) throw new MetadataError(name, `must be ${min} or more, got ${value}`);
  return value;
}

function optionalDuration(md: MetadataReader, name: string, ...aliases: string[]): number | undefined {
  if (md.raw(name, ...aliases) === undefined) return undefined;
  const ms = md.duration(name, 0, ...aliases);
  if (ms <= 0) throw new MetadataError(name, `must be a positive duration, got ${md.raw(name, ...aliases)}`);
  return ms;
}

/** `backOff`: durations separated by commas, optionally in brackets (`50ms, 1s, 10s` or `[1s, 2s]`). */
function parseBackOff(text: string | undefined): number[] {
  if (text === undefined) return [];
  return text
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      try {
        const ms = parseDuration(part);
        if (ms <= 0) throw new Error('not positive');
        return ms;
      } catch {
        throw new MetadataError('backOff', `"${part}" is not a positive duration (e.g. "50ms, 1s, 10s")`);
      }
    });
}

/** Servers and credentials of `natsURL` (comma-separated for a cluster); `user@` alone is a token. */
function parseServers(natsURL: string): Pick<JetStreamPubSubMetadata, 'servers' | 'target' | 'tls' | 'user' | 'pass' | 'token'> {
  const servers: string[] = [];
  const masked: string[] = [];
  let tls = false;
  let user: string | undefined;
  let pass: string | undefined;
  let token: string | undefined;
  for (const part of natsURL.split(',').map((text) => text.trim()).filter((text) => text !== '')) {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(part) ? part : `nats://${part}`);
    } catch {
      throw new MetadataError('natsURL', `"${part}" is not a URL (e.g. nats://localhost:4222)`);
    }
    const scheme = url.protocol.replace(/:$/, '').toLowerCase();
    if (scheme !== 'nats' && scheme !== 'tls') throw new MetadataError('natsURL', `scheme must be nats or tls, got ${scheme}`);
    if (!url.hostname) throw new MetadataError('natsURL', `"${part}" names no host`);
    tls ||= scheme === 'tls';
    if (url.username && url.password) [user, pass] = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
    else if (url.username) token = decodeURIComponent(url.username);
    servers.push(`${url.hostname}:${url.port || '4222'}`);
    masked.push(`${scheme}://${url.username ? (url.password ? `${url.username}:***@` : '***@') : ''}${url.host}`);
  }
  if (servers.length === 0) throw new MetadataError('natsURL', 'is required');
  return { servers, target: masked.join(','), tls, user, pass, token };
}

/** The deliver policy, also from Dapr's older fields: `startSequence` or `startTime` alone imply theirs, `deliverAll` means all. */
function deliverPolicyOf(md: MetadataReader, startSequence: number | undefined, startTime: Date | undefined): JetStreamDeliverPolicy {
  const policies = Object.values(JetStreamDeliverPolicy);
  if (md.raw('deliverPolicy') !== undefined) {
    const policy = oneOf(md, 'deliverPolicy', policies, JetStreamDeliverPolicy.All);
    if (policy === JetStreamDeliverPolicy.Sequence && startSequence === undefined) throw new MetadataError('startSequence', 'is required with deliverPolicy sequence');
    if (policy === JetStreamDeliverPolicy.Time && startTime === undefined) throw new MetadataError('startTime', 'is required with deliverPolicy time');
    return policy;
  }
  if (startSequence !== undefined && startTime !== undefined) throw new MetadataError('deliverPolicy', 'must be set to sequence or time when both startSequence and startTime are given');
  if (md.bool('deliverAll', false)) return JetStreamDeliverPolicy.All;
  if (startSequence !== undefined) return JetStreamDeliverPolicy.Sequence;
  if (startTime !== undefined) return JetStreamDeliverPolicy.Time;
  return JetStreamDeliverPolicy.All;
}

/**
 * Decodes `pubsub.jetstream` metadata with Dapr's names and defaults (docs: setup-jetstream).
 * Keys are case-insensitive; unknown keys are ignored; a bad value throws a MetadataError naming
 * its field, as does an authentication method this implementation lacks (jwt/seedKey, TLS
 * client certificates).
 */
export function parseJetStreamPubSubMetadata(properties: Record<string, string>): JetStreamPubSubMetadata {
  const md = new MetadataReader(properties);
  const unsupported = UnsupportedAuth.find((name) => md.raw(name) !== undefined);
  if (unsupported) throw new MetadataError(unsupported, 'is not supported by this implementation; authenticate with token, or user:password in natsURL');
  const connection = parseServers(md.requiredString('natsURL'));
  const token = md.raw('token');
  if (token !== undefined && (connection.token !== undefined || connection.user !== undefined)) throw new MetadataError('token', 'conflicts with the credentials in natsURL; give one of them');
  const startSequence = optionalInt(md, 'startSequence', 1);
  const startSeconds = optionalInt(md, 'startTime', 0);
  const startTime = startSeconds === undefined ? undefined : new Date(startSeconds * 1000);
  const maxDeliver = optionalInt(md, 'maxDeliver', -1);
  const backOffMs = parseBackOff(md.raw('backOff'));
  if (backOffMs.length > 0 && (maxDeliver === undefined || maxDeliver === -1 || maxDeliver <= backOffMs.length)) {
    throw new MetadataError('maxDeliver', `must be more than the ${backOffMs.length} backOff values (JetStream requires it)`);
  }
  return {
    ...connection,
    token: token ?? connection.token,
    name: md.string('name', DefaultName),
    consumerID: md.raw('consumerID'),
    streamName: md.raw('streamName'),
    durableName: md.raw('durableName'),
    queueGroupName: md.raw('queueGroupName'),
    deliverPolicy: deliverPolicyOf(md, startSequence, startTime),
    startSequence,
    startTime,
    flowControl: md.bool('flowControl', false),
    ackWaitMs: optionalDuration(md, 'ackWait'),
    maxDeliver: maxDeliver === -1 || maxDeliver === 0 ? undefined : maxDeliver,
    backOffMs,
    maxAckPending: optionalInt(md, 'maxAckPending', 1),
    replicas: optionalInt(md, 'replicas', 1),
    memoryStorage: md.bool('memoryStorage', false),
    rateLimit: optionalInt(md, 'rateLimit', 1),
    // "hearbeat" is how Dapr's docs spelled it for a while.
    heartbeatMs: optionalDuration(md, 'heartbeat', 'hearbeat'),
    ackPolicy: oneOf(md, 'ackPolicy', Object.values(JetStreamAckPolicy), JetStreamAckPolicy.Explicit),
    domain: md.raw('domain'),
    apiPrefix: md.raw('apiPrefix'),
    concurrency: oneOf(md, 'concurrencyMode', Object.values(ConcurrencyMode), ConcurrencyMode.Single, 'concurrency'),
  };
}
