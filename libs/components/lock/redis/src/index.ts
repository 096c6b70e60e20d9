export { RedisLockStore } from './redis-lock-store';
export type { RedisLockStoreOptions } from './redis-lock-store';
export { parseRedisLockMetadata } from './redis-lock-metadata';
export type { RedisLockMetadata } from './redis-lock-metadata';
