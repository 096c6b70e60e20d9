/** Per-actor-type settings from the app's `GET /dapr/config` (Dapr's actors-runtime-config). */
export interface ActorTypeConfig {
  idleTimeoutMs: number;
  /** How long a placement lock or a rebalance waits for running turns before going on. */
  drainOngoingCallTimeoutMs: number;
  drainRebalancedActors: boolean;
  reentrancy: { enabled: boolean; maxStackDepth: number };
  remindersStoragePartitions: number;
}

/** What the app answered: its actor types and their settings. */
export interface AppActorConfig {
  entities: string[];
  defaults: ActorTypeConfig;
  byType: Map<string, ActorTypeConfig>;
}

export const DefaultActorTypeConfig: ActorTypeConfig = {
  idleTimeoutMs: 60 * 60_000,
  // Dapr 1.16 waited 60 s; 1.17+ waits 2 s, clamped under the dissemination budget, because
  // every actor call in the cluster is blocked while one host drains. We take the newer default.
  drainOngoingCallTimeoutMs: 2_000,
  drainRebalancedActors: true,
  reentrancy: { enabled: false, maxStackDepth: 32 },
  remindersStoragePartitions: 0,
};

/** Longest drain we allow: placement cuts a host that has not acknowledged a lock within 8 s. */
export const MaxDrainMs = 5_000;

export type DurationParser = (text: string) => number;

/**
 * Reads the JSON the SDKs serve at `/dapr/config`. Unknown fields are ignored (SDKs send
 * `actorScanInterval`, which Dapr no longer reads); a bad value of a known field throws,
 * naming it, because silently running with another timeout is worse.
 */
export function parseAppActorConfig(raw: unknown, parseDuration: DurationParser): AppActorConfig {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const defaults = typeSettings(body, DefaultActorTypeConfig, parseDuration, '');
  const entities = stringList(body['entities'], 'entities');
  const byType = new Map<string, ActorTypeConfig>();
  const perType = body['entitiesConfig'];
  if (perType !== undefined && perType !== null) {
    if (!Array.isArray(perType)) throw new Error('entitiesConfig must be an array');
    perType.forEach((entry: unknown, i) => {
      const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
      const config = typeSettings(item, defaults, parseDuration, `entitiesConfig[${i}].`);
      for (const type of stringList(item['entities'], `entitiesConfig[${i}].entities`)) byType.set(type, config);
    });
  }
  return { entities: [...new Set(entities)], defaults, byType };
}

export function configFor(config: AppActorConfig, actorType: string): ActorTypeConfig {
  return config.byType.get(actorType) ?? config.defaults;
}

function typeSettings(body: Record<string, unknown>, base: ActorTypeConfig, parseDuration: DurationParser, path: string): ActorTypeConfig {
  const duration = (field: string, fallback: number): number => {
    const value = body[field];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value !== 'string') throw new Error(`${path}${field} must be a duration string like "1h" or "30s"`);
    try {
      return parseDuration(value);
    } catch (err) {
      throw new Error(`${path}${field}: ${(err as Error).message}`);
    }
  };
  const reentrancy = (body['reentrancy'] ?? {}) as Record<string, unknown>;
  const maxStackDepth = reentrancy['maxStackDepth'];
  const partitions = body['remindersStoragePartitions'];
  return {
    idleTimeoutMs: duration('actorIdleTimeout', base.idleTimeoutMs),
    drainOngoingCallTimeoutMs: Math.min(duration('drainOngoingCallTimeout', base.drainOngoingCallTimeoutMs), MaxDrainMs),
    drainRebalancedActors: typeof body['drainRebalancedActors'] === 'boolean' ? body['drainRebalancedActors'] : base.drainRebalancedActors,
    reentrancy: {
      enabled: typeof reentrancy['enabled'] === 'boolean' ? reentrancy['enabled'] : base.reentrancy.enabled,
      maxStackDepth: typeof maxStackDepth === 'number' && maxStackDepth > 0 ? Math.floor(maxStackDepth) : base.reentrancy.maxStackDepth,
    },
    remindersStoragePartitions: typeof partitions === 'number' && partitions >= 0 ? Math.floor(partitions) : base.remindersStoragePartitions,
  };
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw new Error(`${field} must be a list of actor type names`);
  return value as string[];
}
