export { RedisConfigurationStore } from './redis-configuration-store';
export type { RedisConfigurationStoreOptions } from './redis-configuration-store';
export { parseRedisConfigurationMetadata } from './redis-configuration-metadata';
export type { RedisConfigurationMetadata } from './redis-configuration-metadata';
export type { RedisAddress } from '@dapr-ts/components-common';
export { parseRedisConfigurationValue, VersionSeparator } from './redis-configuration-value';
export { missingKeyspaceFlags } from './keyspace-events';
