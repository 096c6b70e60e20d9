import { basename, dirname, join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { CliError } from '@dapr-ts/cli-standalone';
import { parseEnvFile } from './env-file';
import { resolvePlacementAddress } from './placement-address';
import { AppProtocols, LogDestination, type AppProtocol, type RunAppConfig } from './run-app-config';

/** A parsed multi-app run file. */
export interface RunFile {
  /** Absolute path of the file; recorded as `runTemplatePath`. */
  path: string;
  name: string;
  apps: RunAppConfig[];
  /** Keys the Go CLI knows but this one ignores, one line each. */
  warnings: string[];
}

/** File access the parser needs, injected so it stays pure. */
export interface RunFileIo {
  exists(path: string): boolean;
  readText(path: string): string;
}

/** Standalone defaults used when neither the app nor `common` says otherwise. */
export interface RunFileDefaults {
  componentsDir: string;
  configFile: string;
  /** The placement service `dapr init` started (`localhost:50005`); undefined: none. */
  placementHostAddress?: string | undefined;
}

// Keys of the Go CLI's run file this CLI does not implement yet: warned about, not rejected, so
// a file written for the Go CLI still runs.
const IgnoredKeys = ['metricsPort', 'profilePort', 'enableProfiling', 'appMaxConcurrency', 'schedulerHostAddress', 'appHealthCheckPath', 'enableAppHealthCheck', 'appHealthProbeInterval', 'appHealthProbeTimeout', 'appHealthThreshold', 'unixDomainSocket', 'runtimePath', 'daprPath', 'maxBodySize', 'readBufferSize', 'appChannelAddress', 'daprInternalGRPCPort', 'containerImage', 'containerImagePullPolicy', 'createService', 'logAsJson'];

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses Dapr's multi-app run file (`version: 1`, `common`, `apps`). Relative paths resolve against
 * the file's folder. Per app, resources come from the app's own setting, else `<appDirPath>/.dapr/resources`,
 * else `common`, else `~/.dapr/components`; the config file likewise. `placementHostAddress` comes
 * from the app, else `common`, else the placement service `dapr init` started. Errors name the file and key.
 */
export function parseRunFile(text: string, filePath: string, defaults: RunFileDefaults, io: RunFileIo): RunFile {
  const path = resolve(filePath);
  const base = dirname(path);
  const fail = (where: string, what: string): never => {
    throw new CliError(`${path}: ${where}: ${what}`);
  };
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new CliError(`${path}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) return fail('file', 'expected a mapping with version and apps');
  if (doc['version'] !== 1 && doc['version'] !== '1') fail('version', `must be 1, got ${JSON.stringify(doc['version'] ?? null)}`);
  const common = doc['common'] ?? {};
  if (!isRecord(common)) return fail('common', 'must be a mapping');
  const apps = doc['apps'];
  if (!Array.isArray(apps) || apps.length === 0) return fail('apps', 'must list at least one app');

  const warnings: string[] = [];
  const str = (raw: Raw, key: string, where: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return fail(`${where}.${key}`, 'must be a string');
    return value;
  };
  const port = (raw: Raw, key: string, where: string): number | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 65535) return fail(`${where}.${key}`, `must be a port number between 1 and 65535, got ${JSON.stringify(value)}`);
    return n;
  };
  const paths = (raw: Raw, where: string): string[] | undefined => {
    const list = raw['resourcesPaths'] ?? (raw['resourcesPath'] === undefined ? undefined : [raw['resourcesPath']]);
    if (list === undefined || list === null) return undefined;
    if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) return fail(`${where}.resourcesPaths`, 'must be a list of paths');
    return (list as string[]).map((p) => resolve(base, p));
  };
  const env = (raw: Raw, where: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const file = str(raw, 'envFile', where);
    if (file !== undefined) {
      const full = resolve(base, file);
      if (!io.exists(full)) fail(`${where}.envFile`, `file ${full} does not exist`);
      Object.assign(out, parseEnvFile(io.readText(full), full));
    }
    const map = raw['env'];
    if (map === undefined || map === null) return out;
    if (!isRecord(map)) return fail(`${where}.env`, 'must be a mapping of names to values');
    for (const [k, v] of Object.entries(map)) out[k] = v === null ? '' : String(v);
    return out;
  };
  const destination = (raw: Raw, key: string, where: string): LogDestination | undefined => {
    const value = str(raw, key, where);
    if (value === undefined) return undefined;
    const allowed = Object.values(LogDestination) as string[];
    if (!allowed.includes(value)) fail(`${where}.${key}`, `must be one of ${allowed.join(', ')}`);
    return value as LogDestination;
  };
  const protocol = (raw: Raw, where: string): AppProtocol | undefined => {
    const value = str(raw, 'appProtocol', where);
    if (value !== undefined && !(AppProtocols as readonly string[]).includes(value)) fail(`${where}.appProtocol`, `must be one of ${AppProtocols.join(', ')}`);
    return value as AppProtocol | undefined;
  };
  // Present and blank means "no placement" (Go CLI), so '' must survive, unlike str().
  const placement = (raw: Raw, where: string): string | undefined => {
    const value = raw['placementHostAddress'];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return fail(`${where}.placementHostAddress`, 'must be a string such as "localhost:50005"');
    return value;
  };
  const warnIgnored = (raw: Raw, where: string): void => {
    for (const key of Object.keys(raw)) if (IgnoredKeys.includes(key)) warnings.push(`${path}: ${where}.${key} is not supported by this CLI yet and is ignored`);
  };

  warnIgnored(common, 'common');
  const commonEnv = env(common, 'common');
  const seen = new Set<string>();
  const configs = apps.map((rawApp: unknown, i): RunAppConfig => {
    const where = `apps[${i}]`;
    if (!isRecord(rawApp)) return fail(where, 'must be a mapping');
    warnIgnored(rawApp, where);
    const dirPath = str(rawApp, 'appDirPath', where) ?? fail(`${where}.appDirPath`, 'is required');
    const appDir = resolve(base, dirPath);
    if (!io.exists(appDir)) fail(`${where}.appDirPath`, `folder ${appDir} does not exist`);
    const appId = str(rawApp, 'appID', where) ?? basename(appDir);
    if (!/^[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?$/.test(appId)) fail(`${where}.appID`, `"${appId}" must consist of letters, digits, '-' or '_'`);
    if (seen.has(appId)) fail(`${where}.appID`, `"${appId}" is used by another app in this file`);
    seen.add(appId);
    const command = rawApp['command'] ?? [];
    if (!Array.isArray(command) || command.some((c) => typeof c !== 'string')) fail(`${where}.command`, 'must be a list of strings, e.g. ["node", "app.js"]');
    const ownResources = join(appDir, '.dapr', 'resources');
    const ownConfig = join(appDir, '.dapr', 'config.yaml');
    const commonConfig = str(common, 'configFilePath', 'common');
    const appConfig = str(rawApp, 'configFilePath', where);
    const pick = <T>(read: (raw: Raw, w: string) => T | undefined): T | undefined => read(rawApp, where) ?? read(common, 'common');
    return {
      appId,
      appPort: port(rawApp, 'appPort', where),
      appProtocol: pick(protocol),
      daprHttpPort: port(rawApp, 'daprHTTPPort', where),
      daprGrpcPort: port(rawApp, 'daprGRPCPort', where),
      resourcesPaths: paths(rawApp, where) ?? (io.exists(ownResources) ? [ownResources] : undefined) ?? paths(common, 'common') ?? (io.exists(defaults.componentsDir) ? [defaults.componentsDir] : []),
      configFile: appConfig !== undefined ? resolve(base, appConfig) : io.exists(ownConfig) ? ownConfig : commonConfig !== undefined ? resolve(base, commonConfig) : io.exists(defaults.configFile) ? defaults.configFile : undefined,
      logLevel: pick((raw, w) => str(raw, 'logLevel', w)),
      enableApiLogging: (rawApp['enableApiLogging'] ?? common['enableApiLogging']) === true,
      command: command as string[],
      watch: false,
      cwd: appDir,
      env: { ...commonEnv, ...env(rawApp, where) },
      appLogDestination: pick((raw, w) => destination(raw, 'appLogDestination', w)) ?? LogDestination.FileAndConsole,
      daprdLogDestination: pick((raw, w) => destination(raw, 'daprdLogDestination', w)) ?? LogDestination.File,
      logDir: join(appDir, '.dapr', 'logs'),
      placementHostAddress: resolvePlacementAddress(pick(placement), defaults.placementHostAddress),
    };
  });
  const name = typeof doc['name'] === 'string' ? doc['name'] : basename(path);
  return { path, name, apps: configs, warnings };
}
