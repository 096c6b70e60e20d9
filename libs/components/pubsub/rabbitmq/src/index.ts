export { RabbitMQPubSub } from './rabbitmq-pubsub';
export type { RabbitMQPubSubOptions } from './rabbitmq-pubsub';
export { parseRabbitMQPubSubMetadata, ExchangeKind } from './rabbitmq-pubsub-metadata';
export type { RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';
