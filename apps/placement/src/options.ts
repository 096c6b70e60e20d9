import { FlagError, FlagReader, envString, formatUsage, isTruthy, parseFlags, parseGoDuration, type CommandLine, type FlagSpec } from '@dapr-ts/kit';
import { LogLevels, type LogLevel } from '@dapr-ts/logger';
import { DefaultDisseminateTimeoutMs, DefaultKeepaliveTimeMs, DefaultKeepaliveTimeoutMs, DefaultPlacementPort } from '@dapr-ts/placement-server';
import { DefaultReplicationFactor } from '@dapr-ts/placement-hashing';

export const DefaultHealthzPort = 8080;
export const DefaultMetricsPort = 9090;

/** Placement's resolved options: every flag applied, nothing optional. */
export interface PlacementOptions {
  mode: 'standalone' | 'kubernetes';
  port: number;
  /** "" = all interfaces. */
  listenAddress: string;
  healthzPort: number;
  healthzListenAddress: string;
  enableMetrics: boolean;
  metricsPort: number;
  metricsListenAddress: string;
  logLevel: LogLevel;
  logAsJson: boolean;
  replicationFactor: number;
  disseminateTimeoutMs: number;
  keepaliveTimeMs: number;
  keepaliveTimeoutMs: number;
  /** `GET /placement/state` on the healthz port. */
  metadataEnabled: boolean;
  /** Flags given that are accepted for compatibility with Dapr and have no effect here. */
  ignoredFlags: string[];
}

/** Dapr's flags that we accept so existing command lines keep working, but that have no effect (no raft, no mTLS). */
const ignoredFlagSpecs: Record<string, FlagSpec> = {
  id: { type: 'string', usage: 'Placement server ID (ignored: no raft cluster)' },
  'initial-cluster': { type: 'string', usage: 'raft cluster peers (ignored: no raft cluster)' },
  'inmem-store-enabled': { type: 'bool', usage: 'Enable in-memory log and snapshot store (ignored: membership lives in memory)' },
  'raft-logstore-path': { type: 'string', usage: 'raft log store path (ignored: no raft cluster)' },
  'max-api-level': { type: 'int', usage: 'Maximum API level for the actor runtime (ignored: tables are API level 20)' },
  'min-api-level': { type: 'int', usage: 'Minimum API level for the actor runtime (ignored: tables are API level 20)' },
  'trust-domain': { type: 'string', usage: 'Trust domain for the Dapr control plane (ignored: no mTLS yet)' },
  'trust-anchors-file': { type: 'string', usage: 'Filepath to the trust anchors for the Dapr control plane (ignored: no mTLS yet)' },
  'sentry-address': { type: 'string', usage: 'Address of the Sentry service (ignored: no mTLS yet)' },
};

/** placement's flags, with Dapr's names (cmd/placement/options, reference dapr-api.md §4.2). */
export const placementFlags: Record<string, FlagSpec> = {
  port: { type: 'int', usage: 'sets the gRPC port for the placement service (default 50005)' },
  'listen-address': { type: 'string', usage: 'The listening address for the placement service (default: all interfaces)' },
  'healthz-port': { type: 'int', usage: 'sets the HTTP port for the healthz server (default 8080)' },
  'healthz-listen-address': { type: 'string', usage: 'The listening address for the healthz server (default: all interfaces)' },
  'enable-metrics': { type: 'bool', usage: 'Enable prometheus metric (default true)' },
  'metrics-port': { type: 'int', usage: 'The port for the metrics server (default 9090)' },
  'metrics-listen-address': { type: 'string', usage: 'The address for the metrics server (default: all interfaces)' },
  'log-level': { type: 'string', usage: 'Options are debug, info, warn, error, or fatal (default "info")' },
  'log-as-json': { type: 'bool', usage: 'print log as JSON (default false)' },
  replicationFactor: { type: 'int', usage: 'sets the replication factor for actor distribution on vnodes (default 100)' },
  'disseminate-timeout': { type: 'string', usage: 'the timeout for a sidecar to acknowledge each dissemination phase (default 8s)' },
  'keepalive-time': { type: 'string', usage: 'the interval of the keepalive pings placement sends on idle connections (default 2s)' },
  'keepalive-timeout': { type: 'string', usage: 'how long a sidecar may stay silent before its stream is cut (default 3s)' },
  'metadata-enabled': { type: 'bool', usage: 'Expose the placement tables on the healthz server at /placement/state (env DAPR_PLACEMENT_METADATA_ENABLED; default false)' },
  mode: { type: 'string', usage: 'Runtime mode for Placement: standalone or kubernetes (default "standalone")' },
  'tls-enabled': { type: 'bool', usage: 'Should TLS be enabled for the placement gRPC server (not available yet)' },
  ...ignoredFlagSpecs,
  version: { type: 'bool', usage: 'Prints the placement version' },
  help: { type: 'bool', usage: 'Show this help', aliases: ['h'] },
};

export type ParseResult = CommandLine<PlacementOptions>;

/** Parses placement's argv and environment. Throws FlagError with one line for the user on bad input. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParseResult {
  const { values, rest } = parseFlags(joinBoolValues(argv), placementFlags);
  if (rest.length > 0) throw new FlagError(`unexpected argument: ${rest[0]}`);
  const flags = new FlagReader(values);
  if (flags.bool('help')) return { kind: 'help', text: formatUsage('placement', placementFlags) };
  if (flags.bool('version')) return { kind: 'version' };
  if (flags.bool('tls-enabled') === true) {
    throw new FlagError('--tls-enabled: mTLS needs the Sentry service, which is not available yet; run placement with --tls-enabled=false');
  }
  const duration = (name: string, fallbackMs: number): number => flags.duration(name, fallbackMs, { example: '8s or 500ms', parse: parseGoDuration });

  return {
    kind: 'run',
    options: {
      mode: flags.oneOf('mode', ['standalone', 'kubernetes'] as const, 'standalone'),
      port: flags.port('port', DefaultPlacementPort),
      listenAddress: flags.string('listen-address') ?? '',
      healthzPort: flags.port('healthz-port', DefaultHealthzPort),
      healthzListenAddress: flags.string('healthz-listen-address') ?? '',
      enableMetrics: flags.bool('enable-metrics') !== false,
      metricsPort: flags.port('metrics-port', DefaultMetricsPort),
      metricsListenAddress: flags.string('metrics-listen-address') ?? '',
      logLevel: flags.oneOf<LogLevel>('log-level', LogLevels, 'info'),
      logAsJson: flags.bool('log-as-json') === true,
      replicationFactor: flags.int('replicationFactor', DefaultReplicationFactor, 1),
      disseminateTimeoutMs: duration('disseminate-timeout', DefaultDisseminateTimeoutMs),
      keepaliveTimeMs: duration('keepalive-time', DefaultKeepaliveTimeMs),
      keepaliveTimeoutMs: duration('keepalive-timeout', DefaultKeepaliveTimeoutMs),
      // Like Dapr, the environment sets the default and an explicit flag wins.
      metadataEnabled: flags.bool('metadata-enabled') ?? isTruthy(envString(env, 'DAPR_PLACEMENT_METADATA_ENABLED')),
      ignoredFlags: Object.keys(ignoredFlagSpecs).filter((name) => values[name] !== undefined),
    },
  };
}

/**
 * `--metadata-enabled true` → `--metadata-enabled=true`. Go's flag package would stop parsing at the
 * bare `true` and silently drop every later flag; scripts and docs write it that way, so the value
 * is taken instead (a stray `true` is otherwise an error here anyway).
 */
function joinBoolValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.replace(/^--?/, '');
    if (arg.startsWith('-') && !arg.includes('=') && placementFlags[name]?.type === 'bool' && next !== undefined && /^(true|false)$/i.test(next)) {
      out.push(`${arg}=${next.toLowerCase()}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
