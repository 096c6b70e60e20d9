import { isCliError } from '@dapr-ts/cli-standalone';
import { parseRunFile, type RunFileIo } from './run-file';

const defaults = { componentsDir: '/home/u/.dapr/components', configFile: '/home/u/.dapr/config.yaml' };

function fakeIo(files: Record<string, string>, dirs: string[]): RunFileIo {
  return { exists: (p) => p in files || dirs.includes(p), readText: (p) => files[p] ?? '' };
}

function failure(text: string, io: RunFileIo = fakeIo({}, ['/w/a'])): string {
  try {
    parseRunFile(text, '/w/dapr.yaml', defaults, io);
  } catch (err) {
    if (isCliError(err)) return err.message;
    throw err;
  }
  throw new Error('expected a CliError');
}

describe('parseRunFile()', () => {
  it('returns resolved apps with common settings, defaults and env files applied', () => {
    const io = fakeIo({ '/w/common.env': 'SHARED=1\nOVERRIDE=file\n', '/w/b/.dapr/config.yaml': '' }, ['/w/a', '/w/b', '/w/b/.dapr/resources', '/home/u/.dapr/components', '/home/u/.dapr/config.yaml']);
    const text = `version: 1
name: shop
common:
  envFile: common.env
  env:
    OVERRIDE: common
  logLevel: debug
  resourcesPath: ./res
apps:
  - appID: checkout
    appDirPath: ./a
    command: ["node", "app.js"]
    appPort: 3000
    daprHTTPPort: "3500"
    env:
      PORT: 3000
  - appDirPath: b
    appProtocol: grpc
    logLevel: warn
    enableApiLogging: true
    appLogDestination: console
`;
    const file = parseRunFile(text, '/w/dapr.yaml', defaults, io);
    expect(file).toEqual({
      path: '/w/dapr.yaml',
      name: 'shop',
      warnings: [],
      apps: [
        {
          appId: 'checkout',
          appPort: 3000,
          appProtocol: undefined,
          daprHttpPort: 3500,
          daprGrpcPort: undefined,
          resourcesPaths: ['/w/res'],
          configFile: '/home/u/.dapr/config.yaml',
          logLevel: 'debug',
          enableApiLogging: false,
          command: ['node', 'app.js'],
          cwd: '/w/a',
          env: { SHARED: '1', OVERRIDE: 'common', PORT: '3000' },
          appLogDestination: 'fileAndConsole',
          daprdLogDestination: 'file',
          logDir: '/w/a/.dapr/logs',
          watch: false,
          placementHostAddress: undefined,
        },
        {
          appId: 'b',
          appPort: undefined,
          appProtocol: 'grpc',
          daprHttpPort: undefined,
          daprGrpcPort: undefined,
          resourcesPaths: ['/w/b/.dapr/resources'],
          configFile: '/w/b/.dapr/config.yaml',
          logLevel: 'warn',
          enableApiLogging: true,
          command: [],
          cwd: '/w/b',
          env: { SHARED: '1', OVERRIDE: 'common' },
          appLogDestination: 'console',
          daprdLogDestination: 'file',
          logDir: '/w/b/.dapr/logs',
          watch: false,
          placementHostAddress: undefined,
        },
      ],
    });
  });

  it('returns ~/.dapr/components when nothing else names resources, and the file name as name', () => {
    const file = parseRunFile('version: 1\napps:\n- appDirPath: a\n', '/w/dapr.yaml', defaults, fakeIo({}, ['/w/a', '/home/u/.dapr/components']));
    expect(file.name).toBe('dapr.yaml');
    expect(file.apps[0]).toMatchObject({ appId: 'a', resourcesPaths: ['/home/u/.dapr/components'], configFile: undefined });
  });

  it('returns placementHostAddress from the app, else common, else the one dapr init recorded; blank means none', () => {
    const text = `version: 1
common:
  placementHostAddress: placement-host
apps:
- appDirPath: a
- appDirPath: b
  placementHostAddress: "127.0.0.1:6050, other:7000"
- appDirPath: c
  placementHostAddress: ""
`;
    const io = fakeIo({}, ['/w/a', '/w/b', '/w/c']);
    const file = parseRunFile(text, '/w/dapr.yaml', { ...defaults, placementHostAddress: 'localhost:50005' }, io);
    expect(file.apps.map((a) => a.placementHostAddress)).toEqual(['placement-host:50005', '127.0.0.1:6050,other:7000', undefined]);
    expect(file.warnings).toEqual([]);
    const recorded = parseRunFile('version: 1\napps:\n- appDirPath: a\n', '/w/dapr.yaml', { ...defaults, placementHostAddress: 'localhost:50005' }, io);
    expect(recorded.apps[0]?.placementHostAddress).toBe('localhost:50005');
    const none = parseRunFile('version: 1\napps:\n- appDirPath: a\n', '/w/dapr.yaml', defaults, io);
    expect(none.apps[0]?.placementHostAddress).toBeUndefined();
  });

  it('returns a warning for each Go CLI key this CLI ignores', () => {
    const file = parseRunFile('version: 1\ncommon:\n  runtimePath: /x\napps:\n- appDirPath: a\n  metricsPort: 9091\n', '/w/dapr.yaml', defaults, fakeIo({}, ['/w/a']));
    expect(file.warnings).toEqual([
      '/w/dapr.yaml: common.runtimePath is not supported by this CLI yet and is ignored',
      '/w/dapr.yaml: apps[0].metricsPort is not supported by this CLI yet and is ignored',
    ]);
  });

  it.each([
    ['version: 2\napps: []\n', '/w/dapr.yaml: version: must be 1, got 2'],
    ['version: 1\napps: []\n', '/w/dapr.yaml: apps: must list at least one app'],
    ['version: 1\napps:\n- appID: x\n', '/w/dapr.yaml: apps[0].appDirPath: is required'],
    ['version: 1\napps:\n- appDirPath: missing\n', '/w/dapr.yaml: apps[0].appDirPath: folder /w/missing does not exist'],
    ['version: 1\napps:\n- appDirPath: a\n  command: node app.js\n', '/w/dapr.yaml: apps[0].command: must be a list of strings, e.g. ["node", "app.js"]'],
    ['version: 1\napps:\n- appDirPath: a\n  appPort: 70000\n', '/w/dapr.yaml: apps[0].appPort: must be a port number between 1 and 65535, got 70000'],
    ['version: 1\napps:\n- appDirPath: a\n- appDirPath: a\n', '/w/dapr.yaml: apps[1].appID: "a" is used by another app in this file'],
    ['version: 1\napps:\n- appDirPath: a\n  appID: my.app\n', `/w/dapr.yaml: apps[0].appID: "my.app" must consist of letters, digits, '-' or '_'`],
    ['version: 1\napps:\n- appDirPath: a\n  daprdLogDestination: syslog\n', '/w/dapr.yaml: apps[0].daprdLogDestination: must be one of console, file, fileAndConsole'],
    ['version: 1\napps:\n- appDirPath: a\n  envFile: .env\n', '/w/dapr.yaml: apps[0].envFile: file /w/.env does not exist'],
    ['version: 1\napps:\n- appDirPath: a\n  placementHostAddress: 50005\n', '/w/dapr.yaml: apps[0].placementHostAddress: must be a string such as "localhost:50005"'],
    ['version: 1\napps: [oops\n', '/w/dapr.yaml: invalid YAML: unexpected end of the stream within a flow collection (3:1)'],
  ])('throws a CliError naming the key for %j', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});
