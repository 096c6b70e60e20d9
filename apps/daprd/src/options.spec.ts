import { FlagError } from '@dapr-ts/kit';
import { optionsOf } from '@dapr-ts/testing';
import { parseOptions } from './options';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => optionsOf(parseOptions(argv, env));

describe('parseOptions()', () => {
  it('applies Dapr defaults when no flag is given', () => {
    const o = run([]);
    expect(o).toMatchObject({
      mode: 'standalone',
      appId: '',
      appPort: undefined,
      appProtocol: 'http',
      appChannelAddress: '127.0.0.1',
      appMaxConcurrency: -1,
      httpPort: 3500,
      grpcPort: 50001,
      internalGrpcPort: 0,
      listenAddresses: [],
      resourcesPaths: [],
      logLevel: 'info',
      logAsJson: false,
      maxBodySize: 4 * 1024 * 1024,
      readBufferSize: 4 * 1024,
      gracefulShutdownMs: 5000,
      metricsPort: 9090,
      enableMetrics: true,
    });
  });

  it('reads every flag the issue names', () => {
    const o = run([
      '--app-id', 'orders', '--app-port', '3000', '--app-protocol', 'grpc', '--dapr-http-port', '3600', '--dapr-grpc-port', '50011',
      '--dapr-internal-grpc-port', '50012', '--resources-path', './a', '--components-path', './b', '--config', './c.yaml', '--log-level', 'debug',
      '--log-as-json', '--dapr-listen-addresses', '127.0.0.1,[::1]', '--max-body-size', '8Mi', '--app-max-concurrency', '4',
      '--dapr-graceful-shutdown-seconds', '2', '--metrics-port', '9999', '--placement-host-address', 'localhost:50005', '--mode', 'standalone',
    ]);
    expect(o).toMatchObject({
      appId: 'orders', appPort: 3000, appProtocol: 'grpc', httpPort: 3600, grpcPort: 50011, internalGrpcPort: 50012,
      resourcesPaths: ['./a', './b'], configPaths: ['./c.yaml'], logLevel: 'debug', logAsJson: true, listenAddresses: ['127.0.0.1', '[::1]'],
      maxBodySize: 8 * 1024 * 1024, appMaxConcurrency: 4, gracefulShutdownMs: 2000, metricsPort: 9999, placementHostAddresses: ['localhost:50005'],
    });
  });

  it('reads tokens and namespace from the environment, blank meaning unset', () => {
    const o = run([], { DAPR_API_TOKEN: 's3cret', APP_API_TOKEN: ' ', NAMESPACE: 'prod' });
    expect([o.apiToken, o.appApiToken, o.namespace]).toEqual(['s3cret', undefined, 'prod']);
  });

  it('honours the deprecated MB body size flag', () => {
    expect(run(['--dapr-http-max-request-size', '16']).maxBodySize).toBe(16 * 1024 * 1024);
  });

  it.each([
    [['--app-port', 'x'], 'invalid value "x" for flag --app-port: must be a port number between 0 and 65535'],
    [['--dapr-http-port', '70000'], 'invalid value "70000" for flag --dapr-http-port: must be a port number between 0 and 65535'],
    [['--app-protocol', 'ftp'], 'invalid value "ftp" for flag --app-protocol: must be one of http, https, grpc, grpcs, h2c'],
    [['--log-level', 'loud'], 'invalid value "loud" for flag --log-level: must be one of debug, info, warn, error, fatal'],
    [['--max-body-size', 'big'], 'invalid value for flag --max-body-size: invalid size "big" (expected a number with an optional unit such as 4Mi, 512Ki, 1G)'],
    [['--app-max-concurrency', '0'], 'invalid value "0" for flag --app-max-concurrency: must be -1 (unlimited) or greater than 0'],
    [['--app-id', 'bad id'], `invalid value "bad id" for flag --app-id: must consist of letters, digits, '-' or '_' (no dots: a dot separates the namespace), and start and end with a letter or digit`],
    [['--app-id', 'orders.prod'], `invalid value "orders.prod" for flag --app-id: must consist of letters, digits, '-' or '_' (no dots: a dot separates the namespace), and start and end with a letter or digit`],
    [['--no-such-flag'], 'unknown flag: --no-such-flag'],
    [['stray'], 'unexpected argument: stray'],
  ])('rejects %p', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(new FlagError(message));
  });

  it('answers --help and --version', () => {
    expect(parseOptions(['--help'], {}).kind).toBe('help');
    expect(parseOptions(['--version'], {}).kind).toBe('version');
  });
});
