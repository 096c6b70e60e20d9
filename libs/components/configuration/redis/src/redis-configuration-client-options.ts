import type { RedisOptions } from 'ioredis';
import { redisConnectionOptions } from '@dapr-ts/components-common';
import type { RedisConfigurationMetadata } from './redis-configuration-metadata';

/**
 * ioredis options for the store's metadata (see redisConnectionOptions). Reads are idempotent,
 * and a subscriber connection re-subscribes after reconnecting, so ioredis's defaults stay.
 */
export function redisConfigurationClientOptions(md: RedisConfigurationMetadata): RedisOptions {
  return redisConnectionOptions(md);
}
