import type { RedisOptions } from 'ioredis';
import { formatRedisAddress, redisConnectionOptions } from '@dapr-ts/components-common';
import type { RedisLockMetadata } from './redis-lock-metadata';

/** ioredis options for the lock's one node (see redisConnectionOptions). */
export function redisLockClientOptions(md: RedisLockMetadata): RedisOptions {
  const { host, port, ...settings } = md;
  const node = { ...settings, addresses: [{ host, port }], sentinelMasterName: undefined, sentinelUsername: undefined, sentinelPassword: undefined };
  // A SET NX whose reply was lost must not be re-sent: the retry would meet the lock it had
  // just taken and report "held" to the caller who in fact holds it.
  return redisConnectionOptions(node, { resendUnfulfilled: false });
}

/** `host:port`, bracketing IPv6 hosts, for log lines and error messages. */
export function describeAddress(md: RedisLockMetadata): string {
  return formatRedisAddress(md);
}
