import { openRedisClient, type FirstConnectOptions } from '@dapr-ts/components-common';
import { Redis, type RedisOptions } from 'ioredis';

/** Opens a client and awaits its first connection (see openRedisClient for the rules). */
export async function connectRedis(options: RedisOptions, how: FirstConnectOptions): Promise<Redis> {
  return openRedisClient((retryStrategy) => new Redis({ ...options, lazyConnect: true, retryStrategy }), options.retryStrategy, how);
}
