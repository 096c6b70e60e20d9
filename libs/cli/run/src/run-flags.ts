import { resolve } from 'node:path';
import { resolvePlacementAddress } from './placement-address';
import { LogDestination, type AppProtocol, type RunAppConfig } from './run-app-config';
import type { RunFileDefaults } from './run-file';

/** `dapr run`'s flags for a single app, validated but not yet resolved against the file system. */
export interface RunFlags {
  /** undefined: a random id is generated, as the Go CLI does. */
  appId: string | undefined;
  appPort: number | undefined;
  appProtocol: AppProtocol | undefined;
  daprHttpPort: number | undefined;
  daprGrpcPort: number | undefined;
  /** Empty: `~/.dapr/components` when it exists. */
  resourcesPaths: string[];
  /** undefined: `~/.dapr/config.yaml` when it exists. */
  config: string | undefined;
  logLevel: string | undefined;
  enableApiLogging: boolean;
  /** `--watch`: restart the app when its sources change. */
  watch: boolean;
  /** `--placement-host-address` as given; undefined: the one `dapr init` recorded; blank: none. */
  placementHostAddress: string | undefined;
  command: string[];
}

/** Context the resolution needs, injected so it stays pure. */
export interface RunFlagsContext {
  cwd: string;
  defaults: RunFileDefaults;
  exists: (path: string) => boolean;
  randomAppId: () => string;
}

/** Turns `dapr run` flags into the one app to run, applying the standalone defaults. */
export function resolveRunFlags(flags: RunFlags, ctx: RunFlagsContext): RunAppConfig {
  const { cwd, defaults, exists } = ctx;
  return {
    appId: flags.appId ?? ctx.randomAppId(),
    appPort: flags.appPort,
    appProtocol: flags.appProtocol,
    daprHttpPort: flags.daprHttpPort,
    daprGrpcPort: flags.daprGrpcPort,
    resourcesPaths: flags.resourcesPaths.length > 0 ? flags.resourcesPaths.map((p) => resolve(cwd, p)) : exists(defaults.componentsDir) ? [defaults.componentsDir] : [],
    configFile: flags.config !== undefined ? resolve(cwd, flags.config) : exists(defaults.configFile) ? defaults.configFile : undefined,
    logLevel: flags.logLevel,
    enableApiLogging: flags.enableApiLogging,
    watch: flags.watch,
    command: flags.command,
    cwd,
    env: {},
    // A single app shows everything on the console, like the Go CLI.
    appLogDestination: LogDestination.Console,
    daprdLogDestination: LogDestination.Console,
    logDir: resolve(cwd, '.dapr', 'logs'),
    placementHostAddress: resolvePlacementAddress(flags.placementHostAddress, defaults.placementHostAddress),
  };
}
