import { parseDuration } from '@dapr-ts/kit';
import { configFor, DefaultActorTypeConfig, MaxDrainMs, parseAppActorConfig } from './actor-config';

describe('parseAppActorConfig', () => {
  it('reads what the JS SDK serves at /dapr/config', () => {
    const config = parseAppActorConfig(
      { entities: ['Counter', 'Timer'], actorIdleTimeout: '1h', actorScanInterval: '30s', drainOngoingCallTimeout: '1m', drainRebalancedActors: true, reentrancy: { enabled: true, maxStackDepth: 5 }, remindersStoragePartitions: 7 },
      parseDuration,
    );
    expect(config.entities).toEqual(['Counter', 'Timer']);
    expect(config.defaults).toEqual({ idleTimeoutMs: 3_600_000, drainOngoingCallTimeoutMs: MaxDrainMs, drainRebalancedActors: true, reentrancy: { enabled: true, maxStackDepth: 5 }, remindersStoragePartitions: 7 });
  });

  it('uses Dapr defaults for missing fields and per-type overrides from entitiesConfig', () => {
    const config = parseAppActorConfig({ entities: ['A', 'B'], entitiesConfig: [{ entities: ['B'], actorIdleTimeout: '5s', reentrancy: { enabled: true } }] }, parseDuration);
    expect(configFor(config, 'A')).toEqual(DefaultActorTypeConfig);
    expect(configFor(config, 'B')).toEqual({ ...DefaultActorTypeConfig, idleTimeoutMs: 5_000, reentrancy: { enabled: true, maxStackDepth: 32 } });
  });

  it('names the field of a bad value', () => {
    expect(() => parseAppActorConfig({ entities: ['A'], actorIdleTimeout: 'soon' }, parseDuration)).toThrow(/actorIdleTimeout/);
    expect(() => parseAppActorConfig({ entities: 'A' }, parseDuration)).toThrow(/entities/);
    expect(() => parseAppActorConfig({ entitiesConfig: [{ entities: ['A'], drainOngoingCallTimeout: 5 }] }, parseDuration)).toThrow(/entitiesConfig\[0\]\.drainOngoingCallTimeout/);
  });

  it('answers no actor types for an app without actors', () => {
    expect(parseAppActorConfig(undefined, parseDuration).entities).toEqual([]);
  });
});
