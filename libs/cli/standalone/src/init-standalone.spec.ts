import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDaprPaths } from './dapr-paths';
import { initStandalone, uninstallStandalone } from './init-standalone';

const signal = new AbortController().signal;

describe('initStandalone', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'cli-init-'));
  });

  describe('.initStandalone()', () => {
    it('writes in-memory components and an empty configuration', async () => {
      const paths = resolveDaprPaths(home, {});
      const files = await initStandalone(paths, signal);
      expect(files).toEqual([
        { path: join(home, '.dapr/components/statestore.yaml'), written: true },
        { path: join(home, '.dapr/components/pubsub.yaml'), written: true },
        { path: join(home, '.dapr/config.yaml'), written: true },
      ]);
      expect(readFileSync(join(home, '.dapr/components/statestore.yaml'), 'utf8')).toBe(
        'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n  metadata:\n  - name: actorStateStore\n    value: "true"\n',
      );
      expect(readFileSync(join(home, '.dapr/components/pubsub.yaml'), 'utf8')).toBe('apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: pubsub.in-memory\n  version: v1\n');
      expect(readFileSync(join(home, '.dapr/config.yaml'), 'utf8')).toBe('apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: daprConfig\nspec: {}\n');
    });

    it('writes Redis components for the given host with --redis', async () => {
      await initStandalone(resolveDaprPaths(home, {}), signal, { redisHost: 'cache:6380' });
      expect(readFileSync(join(home, '.dapr/components/statestore.yaml'), 'utf8')).toBe(
        'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.redis\n  version: v1\n  metadata:\n  - name: redisHost\n    value: "cache:6380"\n  - name: redisPassword\n    value: ""\n  - name: actorStateStore\n    value: "true"\n',
      );
      expect(readFileSync(join(home, '.dapr/components/pubsub.yaml'), 'utf8')).toContain('  type: pubsub.redis\n  version: v1\n  metadata:\n  - name: redisHost\n    value: "cache:6380"\n');
    });

    it('keeps files that exist when run again', async () => {
      const paths = resolveDaprPaths(home, {});
      await initStandalone(paths, signal);
      writeFileSync(paths.configFile, 'edited');
      const files = await initStandalone(paths, signal);
      expect(files.map((f) => f.written)).toEqual([false, false, false]);
      expect(readFileSync(paths.configFile, 'utf8')).toBe('edited');
    });
  });

  describe('.uninstallStandalone()', () => {
    it('removes ~/.dapr and returns true', async () => {
      const paths = resolveDaprPaths(home, {});
      await initStandalone(paths, signal);
      await expect(uninstallStandalone(paths, signal)).resolves.toBe(true);
      expect(readdirSync(home)).toEqual([]);
    });

    it('returns false when there is nothing to remove', async () => {
      await expect(uninstallStandalone(resolveDaprPaths(home, {}), signal)).resolves.toBe(false);
    });
  });
});

describe('resolveDaprPaths()', () => {
  it('returns the ~/.dapr layout with the registry inside it by default', () => {
    expect(resolveDaprPaths('/h', {})).toEqual({
      daprDir: '/h/.dapr',
      componentsDir: '/h/.dapr/components',
      configFile: '/h/.dapr/config.yaml',
      registryDir: '/h/.dapr/registry',
      logsDir: '/h/.dapr/logs',
      placementFile: '/h/.dapr/placement.json',
    });
  });

  it('returns $DAPR_REGISTRY_DIR as the registry when set, like daprd', () => {
    expect(resolveDaprPaths('/h', { DAPR_REGISTRY_DIR: '/tmp/reg' }).registryDir).toBe('/tmp/reg');
  });
});
