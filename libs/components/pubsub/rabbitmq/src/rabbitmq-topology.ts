import type { Channel } from 'amqplib';
import type { RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';

type TopologySettings = Pick<RabbitMQPubSubMetadata, 'durable' | 'deletedWhenUnused' | 'exchangeKind' | 'enableDeadLetter' | 'maxLen' | 'maxLenBytes' | 'ttlInSeconds'>;

/** The queue of one consumer group on one topic: `<consumerID>-<topic>`, as Dapr names it. */
export function queueNameOf(consumerID: string, topic: string): string {
  return `${consumerID}-${topic}`;
}

/** Dead-letter exchange and queue of `queue`, named as Dapr names them (`dlx-<queue>`, `dlq-<queue>`). */
export function deadLetterNamesOf(queue: string): { exchange: string; queue: string } {
  return { exchange: `dlx-${queue}`, queue: `dlq-${queue}` };
}

/** Declares the topic's exchange (idempotent; fails and closes the channel if it exists with other settings). */
export async function declareExchange(channel: Channel, topic: string, settings: TopologySettings): Promise<void> {
  await channel.assertExchange(topic, settings.exchangeKind, { durable: settings.durable, autoDelete: settings.deletedWhenUnused });
}

/**
 * Declares the exchange, the group's queue (with `maxLen`, `maxLenBytes`, `ttlInSeconds` and the
 * dead-letter exchange as queue arguments) and binds the queue once per binding key. With
 * `enableDeadLetter`, the dead-letter exchange (fanout) and queue are declared and bound first;
 * they are never auto-deleted, so dead letters outlive their subscriber.
 */
export async function declareSubscriptionQueue(channel: Channel, topic: string, queue: string, bindingKeys: readonly string[], settings: TopologySettings): Promise<void> {
  await declareExchange(channel, topic, settings);
  const args: Record<string, unknown> = {};
  if (settings.maxLen > 0) args['x-max-length'] = settings.maxLen;
  if (settings.maxLenBytes > 0) args['x-max-length-bytes'] = settings.maxLenBytes;
  if (settings.ttlInSeconds > 0) args['x-message-ttl'] = settings.ttlInSeconds * 1000;
  if (settings.enableDeadLetter) {
    const dead = deadLetterNamesOf(queue);
    await channel.assertExchange(dead.exchange, 'fanout', { durable: settings.durable, autoDelete: false });
    await channel.assertQueue(dead.queue, { durable: settings.durable, autoDelete: false });
    await channel.bindQueue(dead.queue, dead.exchange, '');
    args['x-dead-letter-exchange'] = dead.exchange;
  }
  await channel.assertQueue(queue, { durable: settings.durable, autoDelete: settings.deletedWhenUnused, arguments: args });
  for (const key of bindingKeys) await channel.bindQueue(queue, topic, key);
}
