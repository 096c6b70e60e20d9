export { RedisBinding, RedisBindingOperation } from './redis-binding';
export type { RedisBindingOptions } from './redis-binding';
export { parseRedisBindingMetadata } from './redis-binding-metadata';
export type { RedisBindingMetadata } from './redis-binding-metadata';
