import { join } from 'node:path';
import { envString } from '@dapr-ts/kit';

/** Where standalone Dapr keeps its files, as `dapr init` lays them out. */
export interface DaprPaths {
  /** `~/.dapr` */
  daprDir: string;
  /** `~/.dapr/components`: the default resources path of `dapr run`. */
  componentsDir: string;
  /** `~/.dapr/config.yaml`: the default `--config` of `dapr run`. */
  configFile: string;
  /** One JSON file per running sidecar (daprd writes them); `$DAPR_REGISTRY_DIR` overrides. */
  registryDir: string;
  /** `~/.dapr/logs`: logs of the services `dapr init` starts (placement.log). */
  logsDir: string;
  /** `~/.dapr/placement.json`: the placement service `dapr init` started (pid, ports). */
  placementFile: string;
}

/** Resolves the standalone layout under `home`; pure so tests can point it anywhere. */
export function resolveDaprPaths(home: string, env: NodeJS.ProcessEnv): DaprPaths {
  const daprDir = join(home, '.dapr');
  return {
    daprDir,
    componentsDir: join(daprDir, 'components'),
    configFile: join(daprDir, 'config.yaml'),
    // Same default as daprd's, so the CLI and the sidecars it starts agree without a flag.
    registryDir: envString(env, 'DAPR_REGISTRY_DIR') ?? join(daprDir, 'registry'),
    logsDir: join(daprDir, 'logs'),
    placementFile: join(daprDir, 'placement.json'),
  };
}
