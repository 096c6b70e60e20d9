export { RedisStreamsPubSub } from './redis-streams-pubsub';
export type { RedisStreamsPubSubOptions } from './redis-streams-pubsub';
export { parseRedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
export type { RedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
export type { RedisAddress } from '@dapr-ts/components-common';
