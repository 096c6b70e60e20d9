import { MetadataReader, parseRedisSettings, type RedisSettings } from '@dapr-ts/components-common';
import { parseTtlInSeconds } from '@dapr-ts/components-state';

/**
 * `state.redis` component metadata, decoded once: the shared Redis connection settings plus the
 * state store's own fields (contrib state/redis/metadata.go).
 */
export interface RedisStateMetadata extends RedisSettings {
  /** Default TTL in seconds for writes without one (`-1`: clear any TTL); undefined = none. */
  ttlInSeconds: number | undefined;
  actorStateStore: boolean;
  /** Set when `queryIndexes` is given; the Query API is not offered, so it is only reported. */
  queryIndexes: string | undefined;
}

/**
 * Decodes `state.redis` metadata with Dapr's names and defaults (docs: "Redis state store component
 * spec"). Keys match case-insensitively; every error is a MetadataError naming the field.
 */
export function parseRedisStateMetadata(properties: Record<string, string>): RedisStateMetadata {
  const reader = new MetadataReader(properties);
  const settings = parseRedisSettings(reader, { component: 'state.redis' });
  const ttlRaw = reader.raw('ttlInSeconds');
  const ttlMs = ttlRaw === undefined ? undefined : parseTtlInSeconds({ ttlInSeconds: ttlRaw });
  return {
    ...settings,
    ttlInSeconds: ttlMs === undefined || ttlMs === -1 ? ttlMs : ttlMs / 1000,
    actorStateStore: reader.strictBool('actorStateStore', false),
    queryIndexes: reader.raw('queryIndexes'),
  };
}
