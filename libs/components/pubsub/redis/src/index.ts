export { RedisStreamsPubSub } from './redis-streams-pubsub';
export type { RedisStreamsPubSubOptions } from './redis-streams-pubsub';
export { parseRedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
export type { RedisStreamsPubSubMetadata, RedisAddress } from './redis-streams-pubsub-metadata';
