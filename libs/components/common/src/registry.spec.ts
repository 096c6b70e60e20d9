import type { LogFields, Logger } from '@dapr-ts/logger';
import { ComponentRegistry, normalizeVersion } from './registry';

interface Fake {
  id: string;
  logger: Logger;
}

/** A logger that keeps its warnings. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (msg: string, _fields?: LogFields) => warnings.push(msg),
    error: () => undefined,
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

/** The error message `work` throws, or undefined. */
function thrownMessage(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('normalizeVersion()', () => {
  it.each([
    [undefined, 'v1'],
    ['', 'v1'],
    ['  ', 'v1'],
    ['v0', 'v1'],
    ['V0', 'v1'],
    ['v1', 'v1'],
    ['V1', 'v1'],
    ['v2', 'v2'],
    [' V2 ', 'v2'],
    ['v1alpha1', 'v1alpha1'],
  ])('normalizes %j to %j', (version, expected) => {
    expect(normalizeVersion(version)).toBe(expected);
  });
});

describe('ComponentRegistry', () => {
  let registry: ComponentRegistry<Fake>;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    registry = new ComponentRegistry<Fake>('state');
    logger = recordingLogger();
  });

  describe('.register()', () => {
    it('throws when the type is registered twice', () => {
      registry.register('state.redis', (l) => ({ id: 'a', logger: l }));
      expect(thrownMessage(() => registry.register('state.redis', (l) => ({ id: 'b', logger: l })))).toBe('component state.redis/v1 is registered twice');
    });

    it('throws when two listed versions normalize to the same key', () => {
      expect(thrownMessage(() => registry.register('state.redis', (l) => ({ id: 'a', logger: l }), { versions: ['v1', 'v0'] }))).toBe('component state.redis/v1 is registered twice');
    });

    it('treats type names case-insensitively for duplicates', () => {
      registry.register('state.Redis', (l) => ({ id: 'a', logger: l }));
      expect(thrownMessage(() => registry.register('STATE.redis', (l) => ({ id: 'b', logger: l })))).toBe('component state.redis/v1 is registered twice');
    });

    it.each(['pubsub.redis', 'statestore.redis', 'redis'])('throws when type %j is not in the registry category', (type) => {
      expect(thrownMessage(() => registry.register(type, (l) => ({ id: 'a', logger: l })))).toBe(`component type ${type} does not belong to category state`);
    });
  });

  describe('.create()', () => {
    beforeEach(() => {
      registry.register('state.in-memory', (l) => ({ id: 'in-memory', logger: l }));
    });

    it.each([undefined, '', 'v0', 'v1', 'V1'])('creates the v1 component for version %j', (version) => {
      expect(registry.create('state.in-memory', version, logger)?.id).toBe('in-memory');
      expect(registry.has('state.in-memory', version)).toBe(true);
    });

    it('matches the type case-insensitively', () => {
      expect(registry.create('STATE.In-Memory', 'v1', logger)?.id).toBe('in-memory');
    });

    it('hands the logger to the factory', () => {
      expect(registry.create('state.in-memory', 'v1', logger)?.logger).toBe(logger);
    });

    it.each([
      ['an unknown type', 'state.redis', 'v1'],
      ['an unknown version', 'state.in-memory', 'v2'],
    ])('returns undefined for %s', (_name, type, version) => {
      expect(registry.create(type, version, logger)).toBeUndefined();
      expect(registry.has(type, version)).toBe(false);
    });

    it('creates a fresh instance on every call', () => {
      expect(registry.create('state.in-memory', 'v1', logger)).not.toBe(registry.create('state.in-memory', 'v1', logger));
    });

    it('warns when a deprecated version is used, and not for the current one', () => {
      registry.register('state.postgresql', (l) => ({ id: 'pg', logger: l }), { versions: ['v2'], deprecatedVersions: ['v1'] });
      expect(registry.create('state.postgresql', 'v2', logger)?.id).toBe('pg');
      expect(logger.warnings).toEqual([]);
      expect(registry.create('state.postgresql', '', logger)?.id).toBe('pg');
      expect(logger.warnings).toEqual(['component type state.postgresql version v1 is deprecated']);
    });
  });

  describe('.types()', () => {
    it('lists every registered key, sorted', () => {
      registry.register('state.redis', (l) => ({ id: 'r', logger: l }), { versions: ['v1', 'v2'] });
      registry.register('state.In-Memory', (l) => ({ id: 'm', logger: l }));
      expect(registry.types()).toEqual(['state.in-memory/v1', 'state.redis/v1', 'state.redis/v2']);
    });
  });
});
