import { MetadataError, MetadataReader } from '@dapr-ts/components-common';

/** `bindings.rabbitmq` component metadata, decoded once (contrib bindings/rabbitmq/metadata.go). */
export interface RabbitMQBindingMetadata {
  queueName: string;
  /** The AMQP URL to dial (`host`), credentials included. */
  url: string;
  /** `url` without its password, for logs and error messages. */
  target: string;
  /** The queue survives a broker restart and published messages are persistent. */
  durable: boolean;
  /** The queue is auto-delete: removed when its last consumer goes. */
  deleteWhenUnused: boolean;
  /** `x-message-ttl` of the queue, in seconds; undefined for none. */
  ttlInSeconds: number | undefined;
  /** Unacked messages the input holds at most; 0 = no limit. */
  prefetchCount: number;
  exclusive: boolean;
  /** `x-max-priority` of the queue (1-255); undefined for a plain queue. */
  maxPriority: number | undefined;
  /** Content type of published messages unless the request names one. */
  contentType: string;
  /** Pause before reconnecting after the connection was lost, in ms. */
  reconnectWaitMs: number;
  /** Authenticate with the TLS client certificate (SASL EXTERNAL) instead of a password. */
  externalSasl: boolean;
  caCert: string | undefined;
  clientCert: string | undefined;
  clientKey: string | undefined;
}

const DefaultReconnectWaitSeconds = 5;
const DefaultContentType = 'text/plain';

/**
 * Decodes `bindings.rabbitmq` metadata with Dapr's names and defaults (docs: "RabbitMQ binding
 * spec"). Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parseRabbitMQBindingMetadata(properties: Record<string, string>): RabbitMQBindingMetadata {
  const reader = new MetadataReader(properties);
  const queueName = reader.requiredString('queueName');
  const url = reader.requiredString('host');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MetadataError('host', 'is not a URL (expected amqp://[user[:password]@]host[:port][/vhost])');
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') throw new MetadataError('host', `must start with amqp:// or amqps://, got ${parsed.protocol}//`);
  const ttl = nonNegative(reader, 'ttlInSeconds', 0);
  const maxPriority = reader.int('maxPriority', 0);
  if (reader.raw('maxPriority') !== undefined && (maxPriority < 1 || maxPriority > 255)) throw new MetadataError('maxPriority', `must be between 1 and 255, got ${maxPriority}`);
  const clientCert = reader.raw('clientCert');
  const clientKey = reader.raw('clientKey');
  if ((clientCert === undefined) !== (clientKey === undefined)) throw new MetadataError(clientCert === undefined ? 'clientCert' : 'clientKey', 'clientCert and clientKey must be set together');
  const externalSasl = reader.strictBool('externalSasl', false, 'saslExternal');
  if (externalSasl && clientCert === undefined) throw new MetadataError('externalSasl', 'needs clientCert and clientKey');
  return {
    queueName,
    url,
    target: masked(parsed),
    durable: reader.strictBool('durable', false),
    deleteWhenUnused: reader.strictBool('deleteWhenUnused', false),
    ttlInSeconds: ttl === 0 ? undefined : ttl,
    prefetchCount: nonNegative(reader, 'prefetchCount', 0),
    exclusive: reader.strictBool('exclusive', false),
    maxPriority: reader.raw('maxPriority') === undefined ? undefined : maxPriority,
    contentType: reader.string('contentType', DefaultContentType),
    reconnectWaitMs: nonNegative(reader, 'reconnectWaitInSeconds', DefaultReconnectWaitSeconds, 'reconnectWait') * 1000,
    externalSasl,
    caCert: reader.raw('caCert'),
    clientCert,
    clientKey,
  };
}

function nonNegative(reader: MetadataReader, name: string, fallback: number, ...aliases: string[]): number {
  const value = reader.int(name, fallback, ...aliases);
  if (value < 0) throw new MetadataError(name, `must be 0 or more, got ${value}`);
  return value;
}

/** The URL with its password replaced by `***`. */
function masked(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}
