import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import type { Message } from '@dapr-ts/components-pubsub';
import type { ConsumeMessage, Options } from 'amqplib';

/** Request metadata keys that set AMQP properties of one message (contrib common/component/rabbitmq names). */
export const PublishMetadataKey = {
  /** Per-message TTL in seconds, Dapr's generic `ttlInSeconds`; becomes the AMQP `expiration` (ms). */
  TtlInSeconds: 'ttlInSeconds',
  /** Routing key for direct/topic exchanges; also the binding key(s) of a subscription, comma-separated. */
  RoutingKey: 'routingKey',
  Priority: 'priority',
  MessageID: 'messageID',
  CorrelationID: 'correlationID',
  Type: 'type',
} as const;

/** What {@link publishOptions} returns: the routing key plus amqplib's publish options. */
export interface AmqpPublish {
  routingKey: string;
  options: Options.Publish;
}

/**
 * AMQP properties of one published message. The request metadata also travels as string headers,
 * so subscribers get it back as message metadata.
 */
export function publishOptions(metadata: Record<string, string>, contentType: string | undefined, deliveryMode: number): AmqpPublish {
  const md = new MetadataReader(metadata);
  const options: Options.Publish = { headers: { ...metadata } };
  if (contentType !== undefined) options.contentType = contentType;
  // AMQP has 1 (transient) and 2 (persistent); Dapr's default 0 means "not set", i.e. transient.
  if (deliveryMode > 0) options.deliveryMode = deliveryMode;
  const ttl = md.int(PublishMetadataKey.TtlInSeconds, -1);
  if (ttl === 0 || ttl < -1) throw new MetadataError(PublishMetadataKey.TtlInSeconds, `must be a positive number of seconds, got ${ttl}`);
  if (ttl > 0) options.expiration = String(ttl * 1000);
  const priority = md.int(PublishMetadataKey.Priority, -1);
  if (priority > 255 || priority < -1) throw new MetadataError(PublishMetadataKey.Priority, `must be between 0 and 255, got ${priority}`);
  if (priority >= 0) options.priority = priority;
  const messageId = md.raw(PublishMetadataKey.MessageID);
  if (messageId !== undefined) options.messageId = messageId;
  const correlationId = md.raw(PublishMetadataKey.CorrelationID);
  if (correlationId !== undefined) options.correlationId = correlationId;
  const type = md.raw(PublishMetadataKey.Type);
  if (type !== undefined) options.type = type;
  return { routingKey: md.string(PublishMetadataKey.RoutingKey, ''), options };
}

/** Header values as strings: amqplib decodes AMQP long strings to Buffers in some versions and numbers stay numbers. */
function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The contract's view of a delivery: body, content type, and the string headers as metadata. */
export function toMessage(topic: string, delivery: ConsumeMessage): Message {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries((delivery.properties.headers ?? {}) as Record<string, unknown>)) {
    const text = headerText(value);
    if (text !== undefined) metadata[key] = text;
  }
  const contentType = delivery.properties.contentType as unknown;
  return { topic, data: new Uint8Array(delivery.content), ...(typeof contentType === 'string' ? { contentType } : {}), metadata };
}
