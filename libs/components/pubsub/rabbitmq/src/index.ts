export { RabbitMQPubSub } from './rabbitmq-pubsub';
export type { RabbitMQPubSubOptions } from './rabbitmq-pubsub';
export { parseRabbitMQPubSubMetadata, ExchangeKind, ConcurrencyMode } from './rabbitmq-pubsub-metadata';
export type { RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';
