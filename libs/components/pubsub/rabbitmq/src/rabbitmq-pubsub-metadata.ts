import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** Exchange types RabbitMQ offers, spelled as in AMQP (contrib's `exchangeKind` accepts the same). */
export const ExchangeKind = {
  Fanout: 'fanout',
  Topic: 'topic',
  Direct: 'direct',
  Headers: 'headers',
} as const;
export type ExchangeKind = (typeof ExchangeKind)[keyof typeof ExchangeKind];

/** How one subscription runs its handlers: `parallel` (all deliveries at once) or `single` (one at a time, in order). */
export const ConcurrencyMode = {
  Parallel: 'parallel',
  Single: 'single',
} as const;
export type ConcurrencyMode = (typeof ConcurrencyMode)[keyof typeof ConcurrencyMode];

/** Typed component metadata of `pubsub.rabbitmq`, decoded once at init. */
export interface RabbitMQPubSubMetadata {
  /** The AMQP URL to dial, credentials included. */
  url: string;
  /** `url` without its password, for logs and error messages. */
  target: string;
  /** Consumer group of subscriptions whose metadata names none (the runtime sets the app id). */
  consumerID: string | undefined;
  /** Exchanges and queues survive a broker restart. */
  durable: boolean;
  /** Queues are auto-delete (removed when their last consumer goes), exchanges too (when their last binding goes). */
  deletedWhenUnused: boolean;
  /** The broker considers a message acked once sent; handler failures are then lost. */
  autoAck: boolean;
  /** AMQP delivery mode of published messages: 2 = persistent, 0 or 1 = transient. */
  deliveryMode: number;
  /** A nacked message goes back to its queue (true, our default) or is dropped / dead-lettered (false). */
  requeueInFailure: boolean;
  /** Unacked messages one subscription holds at most; 0 = no limit. */
  prefetchCount: number;
  /** Pause between reconnect attempts, in ms. */
  reconnectWaitMs: number;
  concurrencyMode: ConcurrencyMode;
  /** publish() resolves only once the broker confirmed the message (confirm channel). */
  publisherConfirm: boolean;
  /** Rejected messages go to exchange `dlx-<queue>`, bound to queue `dlq-<queue>` (as Dapr names them). */
  enableDeadLetter: boolean;
  /** `x-max-length` of each queue; 0 = unbounded. */
  maxLen: number;
  /** `x-max-length-bytes` of each queue; 0 = unbounded. */
  maxLenBytes: number;
  exchangeKind: ExchangeKind;
  /** `x-message-ttl` of each queue, in seconds; 0 = none. */
  ttlInSeconds: number;
  /** Connection name shown by the broker (`clientName`). */
  clientName: string | undefined;
  /** AMQP heartbeat, in whole seconds (`heartBeat`). */
  heartbeatSeconds: number;
  /** Authenticate with the TLS client certificate (SASL EXTERNAL) instead of a password. */
  saslExternal: boolean;
  caCert: string | undefined;
  clientCert: string | undefined;
  clientKey: string | undefined;
}

/** The fields a `connectionString` excludes (contrib: "either connectionString or hostname…"). */
const HostFields = ['hostname', 'username', 'password', 'port', 'protocol'] as const;
const DefaultReconnectWaitMs = 3000;
const DefaultHeartbeatMs = 10_000;

function oneOf<T extends string>(md: MetadataReader, name: string, allowed: readonly T[], fallback: T): T {
  const value = md.string(name, fallback).trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw new MetadataError(name, `must be one of ${allowed.join(', ')}, got ${md.raw(name)}`);
  return value as T;
}

function intIn(md: MetadataReader, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = md.int(name, fallback);
  if (value < min || value > max) throw new MetadataError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function checkedUrl(field: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MetadataError(field, 'is not a URL (e.g. amqp://user:pass@localhost:5672)');
  }
  if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') throw new MetadataError(field, `scheme must be amqp or amqps, got ${url.protocol.replace(/:$/, '')}`);
  return url;
}

/** The URL to dial: `connectionString` (alias `host`), else one built from hostname, port, username, password and protocol. */
function resolveUrl(md: MetadataReader): URL {
  const connectionString = md.raw('connectionString', 'host');
  if (connectionString !== undefined) {
    const clash = HostFields.find((name) => md.raw(name) !== undefined);
    if (clash) throw new MetadataError('connectionString', `must not be combined with ${clash}: give either connectionString or hostname/username/password`);
    return checkedUrl('connectionString', connectionString.trim());
  }
  const hostname = md.raw('hostname');
  if (hostname === undefined) throw new MetadataError('connectionString', 'is required (or hostname, with username and password)');
  const protocol = oneOf(md, 'protocol', ['amqp', 'amqps'], 'amqp');
  const url = checkedUrl('hostname', `${protocol}://${hostname.trim()}`);
  if (url.pathname !== '/' && url.pathname !== '') throw new MetadataError('hostname', `must be a host name (optionally with :port), got ${hostname}`);
  if (md.raw('port') !== undefined) url.port = String(intIn(md, 'port', 5672, 1, 65535));
  url.username = encodeURIComponent(md.string('username', ''));
  url.password = encodeURIComponent(md.string('password', ''));
  return url;
}

/** The URL as text with its password masked. */
function withoutPassword(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href.replace(/\/$/, '');
}

/**
 * Decodes `pubsub.rabbitmq` metadata with Dapr's names and defaults (docs: setup-rabbitmq), except
 * where Dapr's default would break the at-least-once contract: `requeueInFailure` and
 * `publisherConfirm` default to true (see metadata.yaml). Keys are case-insensitive; unknown keys
 * are ignored; a bad value throws a MetadataError naming its field.
 */
export function parseRabbitMQPubSubMetadata(properties: Record<string, string>): RabbitMQPubSubMetadata {
  const md = new MetadataReader(properties);
  const url = resolveUrl(md);
  const clientCert = md.raw('clientCert');
  const clientKey = md.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey go together');
  const saslExternal = md.bool('saslExternal', false);
  if (saslExternal && clientCert === undefined) throw new MetadataError('saslExternal', 'needs clientCert and clientKey (and amqps)');
  const reconnectWaitMs = md.duration('reconnectWait', DefaultReconnectWaitMs);
  const heartbeatMs = md.duration('heartBeat', DefaultHeartbeatMs);
  return {
    url: url.href.replace(/\/$/, ''),
    target: withoutPassword(url),
    consumerID: md.raw('consumerID'),
    durable: md.bool('durable', false),
    deletedWhenUnused: md.bool('deletedWhenUnused', true),
    autoAck: md.bool('autoAck', false),
    deliveryMode: intIn(md, 'deliveryMode', 0, 0, 2),
    requeueInFailure: md.bool('requeueInFailure', true),
    prefetchCount: intIn(md, 'prefetchCount', 0, 0, 65535),
    reconnectWaitMs,
    concurrencyMode: oneOf(md, 'concurrencyMode', Object.values(ConcurrencyMode), ConcurrencyMode.Parallel),
    publisherConfirm: md.bool('publisherConfirm', true),
    enableDeadLetter: md.bool('enableDeadLetter', false),
    maxLen: intIn(md, 'maxLen', 0, 0),
    maxLenBytes: intIn(md, 'maxLenBytes', 0, 0),
    exchangeKind: oneOf(md, 'exchangeKind', Object.values(ExchangeKind), ExchangeKind.Fanout),
    ttlInSeconds: intIn(md, 'ttlInSeconds', 0, 0),
    clientName: md.raw('clientName'),
    heartbeatSeconds: Math.ceil(heartbeatMs / 1000),
    saslExternal,
    caCert: md.raw('caCert'),
    clientCert,
    clientKey,
  };
}
