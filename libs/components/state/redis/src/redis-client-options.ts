import type { RedisOptions } from 'ioredis';
import { redisConnectionOptions } from '@dapr-ts/components-common';
import type { RedisStateMetadata } from './redis-state-metadata';

/** ioredis options for the store's metadata (see redisConnectionOptions). */
export function redisClientOptions(md: RedisStateMetadata): RedisOptions {
  // A write whose reply was lost must not be re-sent: with an ETag it would fail against its own
  // first application, and without one it would bump the version twice.
  return redisConnectionOptions(md, { resendUnfulfilled: false });
}
