import { MetadataReader, parseRedisSettings, type RedisSettings } from '@dapr-ts/components-common';

/** `bindings.redis` component metadata: only Dapr's shared Redis connection settings (contrib bindings/redis). */
export type RedisBindingMetadata = RedisSettings;

/**
 * Decodes `bindings.redis` metadata with Dapr's names and defaults (docs: "Redis binding spec").
 * Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parseRedisBindingMetadata(properties: Record<string, string>): RedisBindingMetadata {
  return parseRedisSettings(new MetadataReader(properties), { component: 'bindings.redis' });
}
