import { FlagError, FlagReader, envString, formatUsage, parseByteSize, parseDuration, parseFlags, type CommandLine, type FlagSpec } from '@dapr-ts/kit';
import { LogLevels, type LogLevel } from '@dapr-ts/logger';
import type { AppProtocol, DaprdOptions } from '@dapr-ts/daprd-runtime';

export const DefaultHttpPort = 3500;
export const DefaultGrpcPort = 50001;
export const DefaultMetricsPort = 9090;
export const DefaultMaxBodySize = '4Mi';
export const DefaultReadBufferSize = '4Ki';
export const DefaultGracefulShutdownSeconds = 5;
export const DefaultActorsDisseminateTimeoutMs = 30_000;

/** daprd's flags, with Dapr's names (reference dapr-api.md §2). Hidden ones are accepted for compatibility. */
export const daprdFlags: Record<string, FlagSpec> = {
  mode: { type: 'string', usage: 'Runtime mode: standalone or kubernetes (default "standalone")' },
  'app-id': { type: 'string', usage: 'A unique ID for the application' },
  'app-port': { type: 'string', usage: 'The port the application is listening on' },
  'app-protocol': { type: 'string', usage: 'Protocol for the app: http, https, grpc, grpcs, h2c (default "http")' },
  'app-channel-address': { type: 'string', usage: 'The network address the application listens on (default "127.0.0.1")' },
  'app-max-concurrency': { type: 'int', usage: 'Controls the concurrency level when forwarding requests to user code; -1 = unlimited' },
  'dapr-http-port': { type: 'string', usage: 'HTTP port for Dapr API to listen on (default "3500")' },
  'dapr-grpc-port': { type: 'string', usage: 'gRPC port for the Dapr API to listen on (default "50001")' },
  'dapr-internal-grpc-port': { type: 'string', usage: 'gRPC port for the Dapr Internal API to listen on (default: a free port)' },
  'dapr-internal-grpc-listen-address': { type: 'string', usage: 'Listen address for the Dapr Internal API' },
  'dapr-listen-addresses': { type: 'string', usage: 'One or more addresses for the Dapr API to listen on, CSV (default: all)' },
  'dapr-public-port': { type: 'string', usage: 'Public port for Dapr Health and Metadata to listen on' },
  'dapr-public-listen-address': { type: 'string', usage: 'Listen address for the public port' },
  'resources-path': { type: 'list', usage: 'Path for resources directory; repeatable', aliases: ['components-path'] },
  config: { type: 'list', usage: 'Path to config file' },
  'log-level': { type: 'string', usage: 'Options are debug, info, warn, error, or fatal (default "info")' },
  'log-as-json': { type: 'bool', usage: 'print log as JSON (default false)' },
  'enable-api-logging': { type: 'bool', usage: 'Enable API logging for API calls' },
  'max-body-size': { type: 'string', usage: 'Max size of request body, e.g. 4Mi (default "4Mi")' },
  'read-buffer-size': { type: 'string', usage: 'Max size of read buffer (headers), e.g. 4Ki (default "4Ki")' },
  'dapr-http-max-request-size': { type: 'int', usage: 'Deprecated: max request body size in MB', hidden: true },
  'dapr-http-read-buffer-size': { type: 'int', usage: 'Deprecated: read buffer size in KB', hidden: true },
  'dapr-graceful-shutdown-seconds': { type: 'int', usage: 'Graceful shutdown time in seconds (default 5)' },
  'dapr-block-shutdown-duration': { type: 'string', usage: 'Time to block shutdown for, e.g. 10s' },
  'enable-metrics': { type: 'bool', usage: 'Enable prometheus metric (default true)' },
  'metrics-port': { type: 'string', usage: 'The port for the metrics server (default "9090")' },
  'metrics-listen-address': { type: 'string', usage: 'The address for the metrics server' },
  'placement-host-address': { type: 'string', usage: 'Addresses for Dapr Actor Placement servers, CSV' },
  'actors-disseminate-timeout': { type: 'string', usage: 'Longest actor calls wait for a placement dissemination round (default 30s)' },
  'scheduler-host-address': { type: 'string', usage: 'Addresses of the Scheduler service, CSV' },
  'control-plane-address': { type: 'string', usage: 'Address for a Dapr control plane' },
  'sentry-address': { type: 'string', usage: 'Address for the Sentry CA service' },
  'control-plane-trust-domain': { type: 'string', usage: 'Trust domain of the Dapr control plane' },
  'control-plane-namespace': { type: 'string', usage: 'Namespace of the Dapr control plane' },
  'enable-mtls': { type: 'bool', usage: 'Enables automatic mTLS for daprd to daprd communication channels' },
  'enable-profiling': { type: 'bool', usage: 'Enable profiling' },
  'profile-port': { type: 'string', usage: 'The port for the profile server (default "7777")' },
  'unix-domain-socket': { type: 'string', usage: 'Path to a unix domain socket dir' },
  'allowed-origins': { type: 'string', usage: 'Allowed HTTP origins (default "")' },
  'enable-app-health-check': { type: 'bool', usage: 'Enable health checks for the application' },
  'app-health-check-path': { type: 'string', usage: 'Path used for health checks; HTTP only (default "/healthz")' },
  'app-health-probe-interval': { type: 'int', usage: 'Interval to probe for the health of the app in seconds (default 5)' },
  'app-health-probe-timeout': { type: 'int', usage: 'Timeout for app health probes in milliseconds (default 500)' },
  'app-health-threshold': { type: 'int', usage: 'Number of consecutive failures for the app to be considered unhealthy (default 3)' },
  'app-binding-options-timeout': { type: 'string', usage: 'Timeout for the OPTIONS request to discover input bindings (default 3s)' },
  'disable-builtin-k8s-secret-store': { type: 'bool', usage: 'Disable the built-in Kubernetes Secret Store' },
  'disable-init-endpoints': { type: 'list', usage: 'App endpoints not to call at start: config, subscribe' },
  'scheduler-job-streams': { type: 'int', usage: 'Number of streams to the scheduler (default 3)' },
  'sentry-request-jwt-audiences': { type: 'list', usage: 'JWT audiences to request from Sentry' },
  'app-ssl': { type: 'bool', usage: 'Deprecated: use --app-protocol https or grpcs', hidden: true },
  'actors-service': { type: 'string', usage: 'Deprecated, no effect', hidden: true },
  'reminders-service': { type: 'string', usage: 'Deprecated, no effect', hidden: true },
  'log-file': { type: 'string', usage: 'Unused; logs go to stdout', hidden: true },
  version: { type: 'bool', usage: 'Prints the runtime version' },
  'build-info': { type: 'bool', usage: 'Prints the build info' },
  wait: { type: 'bool', usage: 'Wait for the Dapr outbound ready' },
  help: { type: 'bool', usage: 'Show this help', aliases: ['h'] },
};

export type ParseResult = CommandLine<DaprdOptions>;

/** Parses daprd's argv and environment. Throws FlagError with one line for the user on bad input. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParseResult {
  const { values, rest } = parseFlags(argv, daprdFlags);
  if (rest.length > 0) throw new FlagError(`unexpected argument: ${rest[0]}`);
  const flags = new FlagReader(values);
  if (flags.bool('help')) return { kind: 'help', text: formatUsage('daprd', daprdFlags) };
  if (flags.bool('version') || flags.bool('build-info')) return { kind: 'version' };

  const size = (name: string, fallback: string): number => {
    try {
      return parseByteSize(flags.string(name) ?? fallback);
    } catch (err) {
      throw new FlagError(`invalid value for flag --${name}: ${(err as Error).message}`);
    }
  };

  const mode = flags.oneOf('mode', ['standalone', 'kubernetes'] as const, 'standalone');
  const appId = flags.string('app-id') ?? '';
  if (appId !== '' && !/^[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?$/.test(appId)) {
    throw new FlagError(`invalid value "${appId}" for flag --app-id: must consist of letters, digits, '-' or '_' (no dots: a dot separates the namespace), and start and end with a letter or digit`);
  }
  let appProtocol = flags.oneOf<AppProtocol>('app-protocol', ['http', 'https', 'grpc', 'grpcs', 'h2c'], 'http');
  if (flags.bool('app-ssl') === true) appProtocol = appProtocol === 'grpc' ? 'grpcs' : appProtocol === 'http' ? 'https' : appProtocol;

  let maxBodySize = size('max-body-size', DefaultMaxBodySize);
  const legacyBody = flags.number('dapr-http-max-request-size');
  if (legacyBody !== undefined && flags.string('max-body-size') === undefined) maxBodySize = legacyBody * 1024 * 1024;
  let readBufferSize = size('read-buffer-size', DefaultReadBufferSize);
  const legacyRead = flags.number('dapr-http-read-buffer-size');
  if (legacyRead !== undefined && flags.string('read-buffer-size') === undefined) readBufferSize = legacyRead * 1024;

  let blockShutdownMs: number | undefined;
  const block = flags.string('dapr-block-shutdown-duration');
  if (block !== undefined) {
    try {
      blockShutdownMs = parseDuration(block);
    } catch {
      throw new FlagError(`invalid value "${block}" for flag --dapr-block-shutdown-duration: must be a duration such as 10s`);
    }
  }

  const options: DaprdOptions = {
    mode,
    appId,
    appPort: flags.port('app-port'),
    appProtocol,
    appChannelAddress: flags.string('app-channel-address') ?? '127.0.0.1',
    appMaxConcurrency: flags.number('app-max-concurrency') ?? -1,
    httpPort: flags.port('dapr-http-port', DefaultHttpPort),
    grpcPort: flags.port('dapr-grpc-port', DefaultGrpcPort),
    internalGrpcPort: flags.port('dapr-internal-grpc-port', 0),
    internalGrpcListenAddress: flags.string('dapr-internal-grpc-listen-address'),
    listenAddresses: flags.csv('dapr-listen-addresses'),
    publicPort: flags.port('dapr-public-port'),
    publicListenAddress: flags.string('dapr-public-listen-address'),
    resourcesPaths: flags.list('resources-path'),
    configPaths: flags.list('config'),
    logLevel: flags.oneOf<LogLevel>('log-level', LogLevels, 'info'),
    logAsJson: flags.bool('log-as-json') === true,
    enableApiLogging: flags.bool('enable-api-logging') === true,
    maxBodySize,
    readBufferSize,
    gracefulShutdownMs: flags.int('dapr-graceful-shutdown-seconds', DefaultGracefulShutdownSeconds, 0) * 1000,
    blockShutdownMs,
    enableMetrics: flags.bool('enable-metrics') !== false,
    metricsPort: flags.port('metrics-port', DefaultMetricsPort),
    placementHostAddresses: flags.csv('placement-host-address'),
    actorsDisseminateTimeoutMs: flags.duration('actors-disseminate-timeout', DefaultActorsDisseminateTimeoutMs, { example: '30s' }),
    disableInitEndpoints: flags.list('disable-init-endpoints'),
    appHealthCheck: {
      enabled: flags.bool('enable-app-health-check') === true,
      path: flags.string('app-health-check-path') ?? '/healthz',
      intervalMs: flags.int('app-health-probe-interval', 5, 1) * 1000,
      timeoutMs: flags.int('app-health-probe-timeout', 500, 1),
      threshold: flags.int('app-health-threshold', 3, 1),
    },
    apiToken: envString(env, 'DAPR_API_TOKEN'),
    appApiToken: envString(env, 'APP_API_TOKEN'),
    namespace: envString(env, 'NAMESPACE'),
    registryDir: envString(env, 'DAPR_REGISTRY_DIR'),
  };
  if (options.appMaxConcurrency === 0 || options.appMaxConcurrency < -1) {
    throw new FlagError(`invalid value "${options.appMaxConcurrency}" for flag --app-max-concurrency: must be -1 (unlimited) or greater than 0`);
  }
  return { kind: 'run', options };
}
