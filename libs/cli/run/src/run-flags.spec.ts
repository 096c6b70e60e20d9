import { resolveRunFlags, type RunFlags } from './run-flags';

const flags: RunFlags = {
  appId: undefined,
  appPort: undefined,
  appProtocol: undefined,
  daprHttpPort: undefined,
  daprGrpcPort: undefined,
  resourcesPaths: [],
  config: undefined,
  logLevel: undefined,
  enableApiLogging: false,
  watch: false,
  placementHostAddress: undefined,
  command: [],
};
const defaults = { componentsDir: '/h/.dapr/components', configFile: '/h/.dapr/config.yaml' };

describe('resolveRunFlags()', () => {
  it('returns ~/.dapr defaults when they exist and a random id when none is given', () => {
    const config = resolveRunFlags(flags, { cwd: '/w', defaults, exists: () => true, randomAppId: () => 'app-1234' });
    expect(config).toStrictEqual({
      appId: 'app-1234',
      appPort: undefined,
      appProtocol: undefined,
      daprHttpPort: undefined,
      daprGrpcPort: undefined,
      logLevel: undefined,
      enableApiLogging: false,
      command: [],
      resourcesPaths: ['/h/.dapr/components'],
      configFile: '/h/.dapr/config.yaml',
      cwd: '/w',
      env: {},
      appLogDestination: 'console',
      daprdLogDestination: 'console',
      logDir: '/w/.dapr/logs',
      watch: false,
      placementHostAddress: undefined,
    });
  });

  it('returns no resources and no config when ~/.dapr was not initialised', () => {
    const config = resolveRunFlags({ ...flags, appId: 'a' }, { cwd: '/w', defaults, exists: () => false, randomAppId: () => 'unused' });
    expect(config).toMatchObject({ appId: 'a', resourcesPaths: [], configFile: undefined });
  });

  it('returns the placement dapr init recorded unless --placement-host-address says otherwise', () => {
    const ctx = { cwd: '/w', defaults: { ...defaults, placementHostAddress: 'localhost:50005' }, exists: () => true, randomAppId: () => 'x' };
    expect(resolveRunFlags(flags, ctx).placementHostAddress).toBe('localhost:50005');
    expect(resolveRunFlags({ ...flags, placementHostAddress: 'other' }, ctx).placementHostAddress).toBe('other:50005');
    expect(resolveRunFlags({ ...flags, placementHostAddress: '' }, ctx).placementHostAddress).toBeUndefined();
  });

  it('returns given paths resolved against the working folder', () => {
    const config = resolveRunFlags({ ...flags, resourcesPaths: ['res', '/abs'], config: 'c.yaml' }, { cwd: '/w', defaults, exists: () => true, randomAppId: () => 'x' });
    expect(config).toMatchObject({ resourcesPaths: ['/w/res', '/abs'], configFile: '/w/c.yaml' });
  });
});
