import { MetadataReader, parseRedisSettings, type RedisAddress, type RedisSettings } from '@dapr-ts/components-common';

/**
 * `lock.redis` component metadata, decoded once with Dapr's names (contrib
 * common/component/redis/settings.go, as used by contrib lock/redis): the shared Redis settings for
 * one standalone node, whose address is `host` and `port`. Durations are milliseconds.
 */
export interface RedisLockMetadata extends RedisAddress, Omit<RedisSettings, 'addresses' | 'sentinelMasterName' | 'sentinelUsername' | 'sentinelPassword'> {}

/**
 * Decodes `lock.redis` metadata. Keys match case-insensitively; every error is a MetadataError
 * naming the field. Like Dapr's lock.redis, only a standalone node is accepted: a lock that
 * failover or asynchronous replication could lose is not a lock, so `failover: true`, several
 * addresses and `redisType: cluster` are rejected here (and a server with replicas at init).
 */
export function parseRedisLockMetadata(properties: Record<string, string>): RedisLockMetadata {
  const settings = parseRedisSettings(new MetadataReader(properties), {
    component: 'lock.redis',
    allowFailover: false,
    clusterReason: 'a lock needs one standalone node',
  });
  // Sentinel fields are accepted (one component file may serve several blocks) but unused.
  const { addresses, sentinelMasterName: _master, sentinelUsername: _user, sentinelPassword: _password, ...rest } = settings;
  const [address] = addresses;
  if (address === undefined) throw new Error('lock.redis: parseRedisSettings returned no address');
  return { ...address, ...rest };
}
