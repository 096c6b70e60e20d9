import { FlagError } from '@dapr-ts/kit';
import { optionsOf } from '@dapr-ts/testing';
import { parseOptions } from './options';

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => optionsOf(parseOptions(argv, env));

describe('parseOptions()', () => {
  it('applies Dapr defaults when no flag is given', () => {
    expect(run([])).toEqual({
      mode: 'standalone',
      port: 50005,
      listenAddress: '',
      healthzPort: 8080,
      healthzListenAddress: '',
      enableMetrics: true,
      metricsPort: 9090,
      metricsListenAddress: '',
      logLevel: 'info',
      logAsJson: false,
      replicationFactor: 100,
      disseminateTimeoutMs: 8000,
      keepaliveTimeMs: 2000,
      keepaliveTimeoutMs: 3000,
      metadataEnabled: false,
      ignoredFlags: [],
    });
  });

  it('reads every flag, in --flag value and --flag=value forms', () => {
    expect(
      run([
        '--port', '50006', '--listen-address=127.0.0.1', '--healthz-port', '8081', '--healthz-listen-address', '127.0.0.1', '--enable-metrics=false',
        '--metrics-port=9091', '--log-level', 'debug', '--log-as-json', '--replicationFactor', '50', '--disseminate-timeout', '1m30s',
        '--keepalive-time=500ms', '--keepalive-timeout', '1.5s', '--metadata-enabled', '--mode', 'kubernetes',
      ]),
    ).toEqual({
      mode: 'kubernetes',
      port: 50006,
      listenAddress: '127.0.0.1',
      healthzPort: 8081,
      healthzListenAddress: '127.0.0.1',
      enableMetrics: false,
      metricsPort: 9091,
      metricsListenAddress: '',
      logLevel: 'debug',
      logAsJson: true,
      replicationFactor: 50,
      disseminateTimeoutMs: 90_000,
      keepaliveTimeMs: 500,
      keepaliveTimeoutMs: 1500,
      metadataEnabled: true,
      ignoredFlags: [],
    });
  });

  it('takes a separate true/false after a boolean flag as its value', () => {
    expect(run(['--metadata-enabled', 'true', '--port', '1'])).toMatchObject({ metadataEnabled: true, port: 1 });
    expect(run(['--enable-metrics', 'false']).enableMetrics).toBe(false);
    expect(() => parseOptions(['--metadata-enabled', 'yes'], {})).toThrow(new FlagError('unexpected argument: yes'));
  });

  it('accepts single-dash flags, as Go does', () => {
    expect(run(['-port', '1', '-replicationFactor=3']).port).toBe(1);
  });

  it('takes --metadata-enabled from DAPR_PLACEMENT_METADATA_ENABLED unless the flag is given', () => {
    expect(run([], { DAPR_PLACEMENT_METADATA_ENABLED: 'true' }).metadataEnabled).toBe(true);
    expect(run([], { DAPR_PLACEMENT_METADATA_ENABLED: ' ' }).metadataEnabled).toBe(false);
    expect(run(['--metadata-enabled=false'], { DAPR_PLACEMENT_METADATA_ENABLED: 'true' }).metadataEnabled).toBe(false);
  });

  it('accepts the raft and mTLS flags and lists them as ignored', () => {
    const o = run([
      '--id', 'dapr-placement-0', '--initial-cluster', 'dapr-placement-0=127.0.0.1:8201', '--inmem-store-enabled', '--raft-logstore-path', '/tmp/raft',
      '--max-api-level', '10', '--min-api-level', '0', '--trust-domain', 'localhost', '--trust-anchors-file', '/ca.crt', '--sentry-address', 'sentry:443',
      '--tls-enabled=false',
    ]);
    expect(o.ignoredFlags).toEqual(['id', 'initial-cluster', 'inmem-store-enabled', 'raft-logstore-path', 'max-api-level', 'min-api-level', 'trust-domain', 'trust-anchors-file', 'sentry-address']);
  });

  it.each([
    [['--tls-enabled'], '--tls-enabled: mTLS needs the Sentry service, which is not available yet; run placement with --tls-enabled=false'],
    [['--port', 'x'], 'invalid value "x" for flag --port: must be an integer'],
    [['--healthz-port', '70000'], 'invalid value "70000" for flag --healthz-port: must be a port number between 0 and 65535'],
    [['--disseminate-timeout', '8'], 'invalid value "8" for flag --disseminate-timeout: must be a duration such as 8s or 500ms'],
    [['--keepalive-timeout', '0s'], 'invalid value "0s" for flag --keepalive-timeout: must be greater than 0'],
    [['--replicationFactor', '0'], 'invalid value "0" for flag --replicationFactor: must be >= 1'],
    [['--mode', 'cloud'], 'invalid value "cloud" for flag --mode: must be one of standalone, kubernetes'],
    [['--log-level', 'loud'], 'invalid value "loud" for flag --log-level: must be one of debug, info, warn, error, fatal'],
    [['--no-such-flag'], 'unknown flag: --no-such-flag'],
    [['stray'], 'unexpected argument: stray'],
  ])('rejects %p', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(new FlagError(message));
  });

  it('answers --help and --version', () => {
    const help = parseOptions(['--help'], {});
    expect(help.kind).toBe('help');
    expect(help.kind === 'help' && help.text).toContain('--disseminate-timeout string');
    expect(parseOptions(['--version'], {}).kind).toBe('version');
  });
});
