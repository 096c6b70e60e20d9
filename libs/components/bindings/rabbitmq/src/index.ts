export { RabbitMQBinding } from './rabbitmq-binding';
export type { RabbitMQBindingOptions } from './rabbitmq-binding';
export { parseRabbitMQBindingMetadata } from './rabbitmq-binding-metadata';
export type { RabbitMQBindingMetadata } from './rabbitmq-binding-metadata';
export { PublishMetadataKey } from './amqp-publish-options';
