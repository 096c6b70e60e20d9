import { FlagError, envString, formatUsage, parseByteSize, parseDuration, parseFlags, type FlagSpec } from '@dapr-ts/kit';
import { LogLevels, type LogLevel } from '@dapr-ts/logger';
import type { AppProtocol, DaprdOptions } from '@dapr-ts/daprd-runtime';

export const DefaultHttpPort = 3500;
export const DefaultGrpcPort = 50001;
export const DefaultMetricsPort = 9090;
export const DefaultMaxBodySize = '4Mi';
export const DefaultReadBufferSize = '4Ki';
export const DefaultGracefulShutdownSeconds = 5;

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

export type ParseResult = { kind: 'run'; options: DaprdOptions } | { kind: 'version' } | { kind: 'help'; text: string };

/** Parses daprd's argv and environment. Throws FlagError with one line for the user on bad input. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParseResult {
  const { values: v, rest } = parseFlags(argv, daprdFlags);
  if (rest.length > 0) throw new FlagError(`unexpected argument: ${rest[0]}`);
  if (v['help']) return { kind: 'help', text: formatUsage('daprd', daprdFlags) };
  if (v['version'] || v['build-info']) return { kind: 'version' };

  const str = (name: string): string | undefined => {
    const value = v[name] as string | undefined;
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const port = (name: string, fallback?: number): number | undefined => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be a port number between 0 and 65535`);
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = (str(name) ?? fallback).toLowerCase();
    if (!allowed.includes(raw as T)) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be one of ${allowed.join(', ')}`);
    return raw as T;
  };
  const size = (name: string, fallback: string): number => {
    try {
      return parseByteSize(str(name) ?? fallback);
    } catch (err) {
      throw new FlagError(`invalid value for flag --${name}: ${(err as Error).message}`);
    }
  };
  const int = (name: string, fallback: number, min: number): number => {
    const value = (v[name] as number | undefined) ?? fallback;
    if (value < min) throw new FlagError(`invalid value "${value}" for flag --${name}: must be >= ${min}`);
    return value;
  };

  const mode = oneOf('mode', ['standalone', 'kubernetes'] as const, 'standalone');
  const appId = str('app-id') ?? '';
  if (appId !== '' && !/^[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?$/.test(appId)) {
    throw new FlagError(`invalid value "${appId}" for flag --app-id: must consist of letters, digits, '-' or '_' (no dots: a dot separates the namespace), and start and end with a letter or digit`);
  }
  let appProtocol = oneOf<AppProtocol>('app-protocol', ['http', 'https', 'grpc', 'grpcs', 'h2c'], 'http');
  if (v['app-ssl'] === true) appProtocol = appProtocol === 'grpc' ? 'grpcs' : appProtocol === 'http' ? 'https' : appProtocol;

  let maxBodySize = size('max-body-size', DefaultMaxBodySize);
  const legacyBody = v['dapr-http-max-request-size'] as number | undefined;
  if (legacyBody !== undefined && str('max-body-size') === undefined) maxBodySize = legacyBody * 1024 * 1024;
  let readBufferSize = size('read-buffer-size', DefaultReadBufferSize);
  const legacyRead = v['dapr-http-read-buffer-size'] as number | undefined;
  if (legacyRead !== undefined && str('read-buffer-size') === undefined) readBufferSize = legacyRead * 1024;

  let blockShutdownMs: number | undefined;
  const block = str('dapr-block-shutdown-duration');
  if (block !== undefined) {
    try {
      blockShutdownMs = parseDuration(block);
    } catch {
      throw new FlagError(`invalid value "${block}" for flag --dapr-block-shutdown-duration: must be a duration such as 10s`);
    }
  }

  const logLevel = oneOf<LogLevel>('log-level', LogLevels, 'info');
  const csv = (name: string): string[] => (str(name) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

  const options: DaprdOptions = {
    mode,
    appId,
    appPort: port('app-port'),
    appProtocol,
    appChannelAddress: str('app-channel-address') ?? '127.0.0.1',
    appMaxConcurrency: (v['app-max-concurrency'] as number | undefined) ?? -1,
    httpPort: port('dapr-http-port', DefaultHttpPort) as number,
    grpcPort: port('dapr-grpc-port', DefaultGrpcPort) as number,
    internalGrpcPort: port('dapr-internal-grpc-port', 0) as number,
    internalGrpcListenAddress: str('dapr-internal-grpc-listen-address'),
    listenAddresses: csv('dapr-listen-addresses'),
    publicPort: port('dapr-public-port'),
    publicListenAddress: str('dapr-public-listen-address'),
    resourcesPaths: (v['resources-path'] as string[] | undefined) ?? [],
    configPaths: (v['config'] as string[] | undefined) ?? [],
    logLevel,
    logAsJson: v['log-as-json'] === true,
    enableApiLogging: v['enable-api-logging'] === true,
    maxBodySize,
    readBufferSize,
    gracefulShutdownMs: int('dapr-graceful-shutdown-seconds', DefaultGracefulShutdownSeconds, 0) * 1000,
    blockShutdownMs,
    enableMetrics: v['enable-metrics'] !== false,
    metricsPort: port('metrics-port', DefaultMetricsPort) as number,
    placementHostAddresses: csv('placement-host-address'),
    appHealthCheck: {
      enabled: v['enable-app-health-check'] === true,
      path: str('app-health-check-path') ?? '/healthz',
      intervalMs: int('app-health-probe-interval', 5, 1) * 1000,
      timeoutMs: int('app-health-probe-timeout', 500, 1),
      threshold: int('app-health-threshold', 3, 1),
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
