import type { Options } from 'amqplib';
import { BindingRequestError } from '@dapr-ts/components-bindings';
import type { RabbitMQBindingMetadata } from './rabbitmq-binding-metadata';

/** Request metadata keys with a meaning of their own; every key is also sent as a message header. */
export const PublishMetadataKey = { TtlInSeconds: 'ttlInSeconds', Priority: 'priority', ContentType: 'contentType' } as const;

/**
 * AMQP properties of one published message, as Dapr's binding sets them: the component's content
 * type (or the request's `contentType`), persistent when the queue is durable, `ttlInSeconds` as
 * the per-message expiration, `priority` (0-255), and every request metadata entry as a header.
 * Bad values are the caller's mistake (BindingRequestError naming the key).
 */
export function amqpPublishOptions(md: RabbitMQBindingMetadata, metadata: Record<string, string>): Options.Publish {
  const options: Options.Publish = {
    contentType: metadata[PublishMetadataKey.ContentType] || md.contentType,
    persistent: md.durable,
    headers: { ...metadata },
  };
  const ttl = metadata[PublishMetadataKey.TtlInSeconds]?.trim();
  if (ttl) {
    if (!/^\d+$/.test(ttl)) throw new BindingRequestError(`metadata "${PublishMetadataKey.TtlInSeconds}" must be a whole number of seconds, got "${ttl}"`);
    options.expiration = String(Number(ttl) * 1000);
  }
  const priority = metadata[PublishMetadataKey.Priority]?.trim();
  if (priority) {
    if (!/^\d+$/.test(priority) || Number(priority) > 255) throw new BindingRequestError(`metadata "${PublishMetadataKey.Priority}" must be a whole number from 0 to 255, got "${priority}"`);
    options.priority = Number(priority);
  }
  return options;
}
