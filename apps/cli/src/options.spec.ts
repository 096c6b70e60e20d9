import { FlagError } from '@dapr-ts/kit';
import { parseOptions } from './options';

function flagError(argv: string[]): string {
  try {
    parseOptions(argv);
  } catch (err) {
    if (err instanceof FlagError) return err.message;
    throw err;
  }
  throw new Error('expected a FlagError');
}

describe('parseOptions()', () => {
  it('returns the root help with no command', () => {
    const result = parseOptions([]);
    expect(result.kind).toBe('help');
    expect(result.kind === 'help' && result.text.startsWith('Usage:\n  dapr [command]\n')).toBe(true);
  });

  it('returns run flags with Go CLI short forms and the app command after --', () => {
    expect(parseOptions(['run', '-a', 'orders', '-p', '3000', '-P', 'grpc', '-H', '3500', '-G', '50001', '-d', 'res', '--resources-path', 'more', '-c', 'cfg.yaml', '--log-level', 'debug', '--enable-api-logging', '--', 'node', 'app.js', '--port', '1'])).toEqual({
      kind: 'run',
      flags: {
        appId: 'orders',
        appPort: 3000,
        appProtocol: 'grpc',
        daprHttpPort: 3500,
        daprGrpcPort: 50001,
        resourcesPaths: ['res', 'more'],
        config: 'cfg.yaml',
        logLevel: 'debug',
        enableApiLogging: true,
        watch: false,
        placementHostAddress: undefined,
        command: ['node', 'app.js', '--port', '1'],
      },
    });
  });

  it('returns a run without app command or ports when only the id is given', () => {
    expect(parseOptions(['run', '--app-id', 'x'])).toMatchObject({ kind: 'run', flags: { appId: 'x', appPort: undefined, daprHttpPort: undefined, command: [] } });
  });

  it('returns run-file and stop-file for -f', () => {
    expect(parseOptions(['run', '-f', 'dapr.yaml'])).toEqual({ kind: 'run-file', file: 'dapr.yaml', watch: false });
    expect(parseOptions(['run', '-f', 'dapr.yaml', '--watch'])).toEqual({ kind: 'run-file', file: 'dapr.yaml', watch: true });
    expect(parseOptions(['stop', '-f', '.'])).toEqual({ kind: 'stop-file', file: '.' });
  });

  it('returns list with the output format', () => {
    expect(parseOptions(['list'])).toEqual({ kind: 'list', output: 'table' });
    expect(parseOptions(['list', '-o', 'JSON'])).toEqual({ kind: 'list', output: 'json' });
  });

  it('returns stop with every app id', () => {
    expect(parseOptions(['stop', '--app-id', 'a,b', '-a', 'c'])).toEqual({ kind: 'stop', appIds: ['a', 'b', 'c'] });
  });

  it('returns invoke with POST as the default verb', () => {
    expect(parseOptions(['invoke', '--app-id', 'a', '--method', 'neworder', '--data', '{"x":1}'])).toEqual({ kind: 'invoke', appId: 'a', method: 'neworder', verb: 'POST', data: '{"x":1}', dataFile: undefined });
    expect(parseOptions(['invoke', '-a', 'a', '-m', 'order', '-v', 'get'])).toMatchObject({ verb: 'GET' });
  });

  it('returns publish with metadata values as strings', () => {
    expect(parseOptions(['publish', '--publish-app-id', 'a', '--pubsub', 'pubsub', '--topic', 'orders', '--data', '{}', '--metadata', '{"ttlInSeconds":10,"rawPayload":"true"}'])).toEqual({
      kind: 'publish',
      appId: 'a',
      pubsub: 'pubsub',
      topic: 'orders',
      data: '{}',
      dataFile: undefined,
      metadata: { ttlInSeconds: '10', rawPayload: 'true' },
    });
  });

  it('returns init with placement on 50005 unless --slim or --placement-port say otherwise', () => {
    expect(parseOptions(['init'])).toEqual({ kind: 'init', redisHost: undefined, slim: false, placementPort: 50005 });
    expect(parseOptions(['init', '--slim'])).toEqual({ kind: 'init', redisHost: undefined, slim: true, placementPort: 50005 });
    expect(parseOptions(['init', '--placement-port', '50105'])).toEqual({ kind: 'init', redisHost: undefined, slim: false, placementPort: 50105 });
    expect(parseOptions(['init', '--redis'])).toEqual({ kind: 'init', redisHost: 'localhost:6379', slim: false, placementPort: 50005 });
    expect(parseOptions(['init', '--redis', '--redis-host', 'cache:6380'])).toEqual({ kind: 'init', redisHost: 'cache:6380', slim: false, placementPort: 50005 });
  });

  it('returns run with --placement-host-address as given, a blank one kept (it means none)', () => {
    expect(parseOptions(['run', '--placement-host-address', 'localhost:6050'])).toMatchObject({ kind: 'run', flags: { placementHostAddress: 'localhost:6050' } });
    expect(parseOptions(['run', '--placement-host-address', ''])).toMatchObject({ kind: 'run', flags: { placementHostAddress: '' } });
    expect(parseOptions(['run', '--app-id', 'a'])).toMatchObject({ kind: 'run', flags: { placementHostAddress: undefined } });
  });

  it.each([
    [['deploy'], 'unknown command "deploy" for "dapr"'],
    [['init', '--redis-host', 'x:1'], 'flag --redis-host needs --redis'],
    [['init', '-k'], 'unknown flag: -k'],
    [['init', '--slim', '--placement-port', '1'], 'flag --placement-port cannot be used with --slim: slim mode starts no placement service'],
    [['init', '--placement-port', '0'], 'invalid value "0" for flag --placement-port: must be a port number between 1 and 65535'],
    [['run', '--app-port', 'http'], 'invalid value "http" for flag --app-port: must be a port number between 1 and 65535'],
    [['run', '--app-protocol', 'ftp'], 'invalid value "ftp" for flag --app-protocol: must be one of http, https, grpc, grpcs, h2c'],
    [['run', '--log-level', 'loud'], 'invalid value "loud" for flag --log-level: must be one of debug, info, warn, error, fatal'],
    [['run', '--app-id', 'a.b'], `invalid value "a.b" for flag --app-id: must consist of letters, digits, '-' or '_', and start and end with a letter or digit`],
    [['run', '-f', 'dapr.yaml', '--app-id', 'x'], 'flag --run-file cannot be combined with --app-id: put those settings in the run file'],
    [['run', '-f', 'dapr.yaml', 'node'], 'flag --run-file cannot be combined with an app command: put those settings in the run file'],
    [['list', '-o', 'xml'], 'invalid value "xml" for flag --output: must be one of table, json, yaml'],
    [['stop'], 'required flag --app-id not set for "dapr stop"'],
    [['stop', '-a', 'x', '-f', 'dapr.yaml'], 'flags --app-id and --run-file cannot be used together'],
    [['invoke', '--app-id', 'a'], 'required flag --method not set for "dapr invoke"'],
    [['invoke', '-a', 'a', '-m', 'x', '-d', '1', '-f', 'f'], 'flags --data and --data-file cannot be used together'],
    [['publish', '--publish-app-id', 'a', '--pubsub', 'p'], 'required flag --topic not set for "dapr publish"'],
    [['publish', '-i', 'a', '-p', 'p', '-t', 't', '-m', '[1]'], `invalid value for flag --metadata: must be a JSON object such as '{"ttlInSeconds":"10"}'`],
    [['list', 'extra'], 'unexpected argument "extra" for "dapr list"'],
  ])('throws a one-line FlagError for %j', (argv, message) => {
    expect(flagError(argv)).toBe(message);
  });
});
