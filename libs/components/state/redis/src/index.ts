export { RedisStateStore } from './redis-state-store';
export type { RedisStateStoreOptions } from './redis-state-store';
export { parseRedisStateMetadata } from './redis-state-metadata';
export type { RedisStateMetadata } from './redis-state-metadata';
export type { RedisAddress } from '@dapr-ts/components-common';
