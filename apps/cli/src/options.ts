import { FlagError, formatUsage, parseFlags, type FlagSpec, type FlagValues } from '@dapr-ts/kit';
import { DefaultPlacementPort } from '@dapr-ts/cli-standalone';
import { AppProtocols, type AppProtocol, type RunFlags } from '@dapr-ts/cli-run';

/** Log levels daprd accepts. */
const LogLevels = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export const ListOutputs = ['table', 'json', 'yaml'] as const;
export type ListOutput = (typeof ListOutputs)[number];
export const DefaultInvokeVerb = 'POST';

const help: FlagSpec = { type: 'bool', usage: 'Help for this command', aliases: ['h'] };

/** Each command's flags, with the Go CLI's names and short forms. Only what this CLI implements. */
export const commandFlags = {
  init: {
    slim: { type: 'bool', usage: 'Exclude the placement service: only write components and configuration (there are no containers here)', aliases: ['s'] },
    'placement-port': { type: 'string', usage: `The gRPC port of the placement service init starts (default ${DefaultPlacementPort})` },
    redis: { type: 'bool', usage: 'Write Redis state store and pub/sub components (needs a reachable Redis) instead of in-memory ones' },
    'redis-host': { type: 'string', usage: 'The Redis the --redis components use (default "localhost:6379")' },
    help,
  },
  uninstall: {
    all: { type: 'bool', usage: 'Remove the whole ~/.dapr folder, components and config included (always on here)' },
    help,
  },
  run: {
    'app-id': { type: 'string', usage: 'The id for your application, used for service discovery', aliases: ['a'] },
    'app-port': { type: 'string', usage: 'The port your application is listening on', aliases: ['p'] },
    'app-protocol': { type: 'string', usage: 'The protocol used by the app: http, https, grpc, grpcs, h2c', aliases: ['P'] },
    'dapr-http-port': { type: 'string', usage: 'The HTTP port for Dapr to listen on (default: a free port)', aliases: ['H'] },
    'dapr-grpc-port': { type: 'string', usage: 'The gRPC port for Dapr to listen on (default: a free port)', aliases: ['G'] },
    'resources-path': { type: 'list', usage: 'The path for resources directory; repeatable (default "~/.dapr/components")', aliases: ['components-path', 'd'] },
    config: { type: 'string', usage: 'Dapr configuration file (default "~/.dapr/config.yaml")', aliases: ['c'] },
    'log-level': { type: 'string', usage: 'The log verbosity: debug, info, warn, error, fatal (default "info")' },
    'enable-api-logging': { type: 'bool', usage: 'Log API calls at INFO verbosity' },
    'placement-host-address': { type: 'string', usage: `The address of the placement service for actors; "" for none (default: the one dapr init started, localhost:${DefaultPlacementPort})` },
    'run-file': { type: 'string', usage: 'Path to the multi-app run template file (or a folder holding dapr.yaml)', aliases: ['f'] },
    watch: { type: 'bool', usage: "Restart the app (not its sidecar) when a file in its folder changes", aliases: ['w'] },
    help,
  },
  list: {
    output: { type: 'string', usage: 'The output format: json, yaml or table (default "table")', aliases: ['o'] },
    help,
  },
  stop: {
    'app-id': { type: 'list', usage: 'The application id(s) to stop', aliases: ['a'] },
    'run-file': { type: 'string', usage: 'Stop every app started with this run file (or a folder holding dapr.yaml)', aliases: ['f'] },
    help,
  },
  invoke: {
    'app-id': { type: 'string', usage: 'The application id to invoke', aliases: ['a'] },
    method: { type: 'string', usage: 'The method to invoke', aliases: ['m'] },
    verb: { type: 'string', usage: 'The HTTP verb to use (default "POST")', aliases: ['v'] },
    data: { type: 'string', usage: 'The JSON serialized data string (optional)', aliases: ['d'] },
    'data-file': { type: 'string', usage: 'A file containing the JSON serialized data (optional)', aliases: ['f'] },
    help,
  },
  publish: {
    'publish-app-id': { type: 'string', usage: 'The id of the app whose sidecar publishes', aliases: ['i'] },
    pubsub: { type: 'string', usage: 'The name of the pub/sub component', aliases: ['p'] },
    topic: { type: 'string', usage: 'The topic to publish to', aliases: ['t'] },
    data: { type: 'string', usage: 'The JSON serialized data string (optional)', aliases: ['d'] },
    'data-file': { type: 'string', usage: 'A file containing the JSON serialized data (optional)', aliases: ['f'] },
    metadata: { type: 'string', usage: 'The JSON serialized publish metadata (optional)', aliases: ['m'] },
    help,
  },
  version: { help },
} as const satisfies Record<string, Record<string, FlagSpec>>;

export type CommandName = keyof typeof commandFlags;

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'init'; redisHost: string | undefined; slim: boolean; placementPort: number }
  | { kind: 'uninstall' }
  | { kind: 'run'; flags: RunFlags }
  | { kind: 'run-file'; file: string; watch: boolean }
  | { kind: 'list'; output: ListOutput }
  | { kind: 'stop'; appIds: string[] }
  | { kind: 'stop-file'; file: string }
  | { kind: 'invoke'; appId: string; method: string; verb: string; data: string | undefined; dataFile: string | undefined }
  | { kind: 'publish'; appId: string; pubsub: string; topic: string; data: string | undefined; dataFile: string | undefined; metadata: Record<string, string> };

const Summary: Record<CommandName, string> = {
  init: 'Set up ~/.dapr with default components and configuration, and start the placement service',
  uninstall: 'Stop the placement service and remove ~/.dapr',
  run: 'Run Dapr and (optionally) your application side by side',
  list: 'List all Dapr instances',
  stop: 'Stop Dapr instances and their associated apps',
  invoke: 'Invoke a method on a given Dapr application',
  publish: 'Publish a pub-sub event',
  version: 'Print the Dapr runtime and CLI version',
};

/** `dapr --help`. */
export function rootUsage(): string {
  const lines = Object.entries(Summary).map(([name, text]) => `  ${name.padEnd(10)} ${text}`);
  return `Usage:\n  dapr [command]\n\nAvailable Commands:\n${lines.join('\n')}\n\nUse "dapr [command] --help" for more information about a command.\n`;
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commandFlags, name);
}

/** Parses `dapr <command> [flags]`. Pure; throws FlagError with one line for the user. */
export function parseOptions(argv: readonly string[]): CliCommand {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { kind: 'help', text: rootUsage() };
  if (name === '--version' || name === '-v') return { kind: 'version' };
  if (!isCommand(name)) throw new FlagError(`unknown command "${name}" for "dapr"`);
  const specs: Record<string, FlagSpec> = commandFlags[name];
  const { values: v, rest } = parseFlags(args, specs);
  if (v['help'] === true) return { kind: 'help', text: `${Summary[name]}\n\n${formatUsage(`dapr ${name}`, specs)}` };
  if (name !== 'run' && rest.length > 0) throw new FlagError(`unexpected argument "${rest[0]}" for "dapr ${name}"`);
  const str = (flag: string): string | undefined => optionalString(v, flag);
  const need = (flag: string): string => str(flag) ?? missing(name, flag);
  switch (name) {
    case 'init': {
      if (str('redis-host') !== undefined && v['redis'] !== true) throw new FlagError('flag --redis-host needs --redis');
      const slim = v['slim'] === true;
      if (slim && str('placement-port') !== undefined) throw new FlagError('flag --placement-port cannot be used with --slim: slim mode starts no placement service');
      const placementPort = portFlag(str('placement-port'), 'placement-port') ?? DefaultPlacementPort;
      return { kind: 'init', redisHost: v['redis'] === true ? (str('redis-host') ?? 'localhost:6379') : undefined, slim, placementPort };
    }
    case 'uninstall':
      return { kind: 'uninstall' };
    case 'version':
      return { kind: 'version' };
    case 'run':
      return parseRun(v, rest);
    case 'list': {
      const output = (str('output') ?? 'table').toLowerCase();
      if (!(ListOutputs as readonly string[]).includes(output)) throw new FlagError(`invalid value "${output}" for flag --output: must be one of ${ListOutputs.join(', ')}`);
      return { kind: 'list', output: output as ListOutput };
    }
    case 'stop': {
      const file = str('run-file');
      const appIds = (v['app-id'] as string[] | undefined) ?? [];
      if (file !== undefined && appIds.length > 0) throw new FlagError('flags --app-id and --run-file cannot be used together');
      if (file !== undefined) return { kind: 'stop-file', file };
      if (appIds.length === 0) return missing(name, 'app-id');
      return { kind: 'stop', appIds };
    }
    case 'invoke': {
      const data = str('data');
      const dataFile = str('data-file');
      if (data !== undefined && dataFile !== undefined) throw new FlagError('flags --data and --data-file cannot be used together');
      return { kind: 'invoke', appId: need('app-id'), method: need('method'), verb: (str('verb') ?? DefaultInvokeVerb).toUpperCase(), data, dataFile };
    }
    case 'publish': {
      const data = str('data');
      const dataFile = str('data-file');
      if (data !== undefined && dataFile !== undefined) throw new FlagError('flags --data and --data-file cannot be used together');
      return { kind: 'publish', appId: need('publish-app-id'), pubsub: need('pubsub'), topic: need('topic'), data, dataFile, metadata: parseMetadata(str('metadata')) };
    }
  }
}

function optionalString(v: FlagValues, flag: string): string | undefined {
  const value = v[flag] as string | undefined;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function missing(command: string, flag: string): never {
  throw new FlagError(`required flag --${flag} not set for "dapr ${command}"`);
}

/** A port flag's value, validated; undefined when not given. */
function portFlag(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new FlagError(`invalid value "${raw}" for flag --${flag}: must be a port number between 1 and 65535`);
  return Number(raw);
}

function parseMetadata(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new FlagError(`invalid value for flag --metadata: must be a JSON object such as '{"ttlInSeconds":"10"}'`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new FlagError(`invalid value for flag --metadata: must be a JSON object such as '{"ttlInSeconds":"10"}'`);
  return Object.fromEntries(Object.entries(parsed).map(([k, value]) => [k, typeof value === 'string' ? value : JSON.stringify(value)]));
}

function parseRun(v: FlagValues, rest: string[]): CliCommand {
  const str = (flag: string): string | undefined => optionalString(v, flag);
  const file = str('run-file');
  if (file !== undefined) {
    const others = Object.keys(v).filter((k) => k !== 'run-file' && k !== 'watch' && v[k] !== undefined);
    if (others.length > 0 || rest.length > 0) throw new FlagError(`flag --run-file cannot be combined with ${others.length > 0 ? `--${others[0]}` : 'an app command'}: put those settings in the run file`);
    return { kind: 'run-file', file, watch: v['watch'] === true };
  }
  const port = (flag: string): number | undefined => portFlag(str(flag), flag);
  const oneOf = <T extends string>(flag: string, allowed: readonly T[]): T | undefined => {
    const raw = str(flag)?.toLowerCase();
    if (raw !== undefined && !allowed.includes(raw as T)) throw new FlagError(`invalid value "${raw}" for flag --${flag}: must be one of ${allowed.join(', ')}`);
    return raw as T | undefined;
  };
  const appId = str('app-id');
  if (appId !== undefined && !/^[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?$/.test(appId)) {
    throw new FlagError(`invalid value "${appId}" for flag --app-id: must consist of letters, digits, '-' or '_', and start and end with a letter or digit`);
  }
  return {
    kind: 'run',
    flags: {
      appId,
      appPort: port('app-port'),
      appProtocol: oneOf<AppProtocol>('app-protocol', AppProtocols),
      daprHttpPort: port('dapr-http-port'),
      daprGrpcPort: port('dapr-grpc-port'),
      resourcesPaths: (v['resources-path'] as string[] | undefined) ?? [],
      config: str('config'),
      logLevel: oneOf('log-level', LogLevels),
      enableApiLogging: v['enable-api-logging'] === true,
      watch: v['watch'] === true,
      // Not str(): a blank value is meaningful here ("no placement").
      placementHostAddress: (v['placement-host-address'] as string | undefined)?.trim(),
      command: rest,
    },
  };
}
