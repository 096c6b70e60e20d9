import { MetadataReader, parseRedisSettings, type RedisSettings } from '@dapr-ts/components-common';

/**
 * `configuration.redis` component metadata: Dapr's shared Redis settings, which are all it has
 * (contrib configuration/redis uses common/component/redis/settings.go as it is).
 */
export type RedisConfigurationMetadata = RedisSettings;

/**
 * Decodes `configuration.redis` metadata with Dapr's names and defaults (docs: "Redis"
 * configuration store). Keys match case-insensitively; every error is a MetadataError naming the
 * field. Redis Cluster is rejected: keyspace notifications are per node there, so a subscription
 * would miss the changes of every other shard.
 */
export function parseRedisConfigurationMetadata(properties: Record<string, string>): RedisConfigurationMetadata {
  return parseRedisSettings(new MetadataReader(properties), { component: 'configuration.redis', clusterReason: 'keyspace notifications are per shard' });
}
