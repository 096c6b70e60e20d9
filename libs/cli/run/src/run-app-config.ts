/** Where a process's output goes; the Go CLI's run-file values. */
export const LogDestination = {
  Console: 'console',
  File: 'file',
  FileAndConsole: 'fileAndConsole',
} as const;
export type LogDestination = (typeof LogDestination)[keyof typeof LogDestination];

export const AppProtocols = ['http', 'https', 'grpc', 'grpcs', 'h2c'] as const;
export type AppProtocol = (typeof AppProtocols)[number];

/** One app and its sidecar, fully resolved: what `dapr run` (flags) and `dapr run -f` (file) both produce. */
export interface RunAppConfig {
  appId: string;
  appPort: number | undefined;
  appProtocol: AppProtocol | undefined;
  /** undefined: a free port is chosen. */
  daprHttpPort: number | undefined;
  daprGrpcPort: number | undefined;
  resourcesPaths: string[];
  configFile: string | undefined;
  logLevel: string | undefined;
  enableApiLogging: boolean;
  /** Empty: only the sidecar runs. */
  command: string[];
  /** Restart the app (not the sidecar) when a file under `cwd` changes. */
  watch: boolean;
  /** Working directory of the app (the run file's `appDirPath`). */
  cwd: string;
  /** Extra environment for the app, on top of the CLI's own. */
  env: Record<string, string>;
  appLogDestination: LogDestination;
  daprdLogDestination: LogDestination;
  /** Folder for log files when a destination includes `file`. */
  logDir: string;
  /** daprd's `--placement-host-address`; undefined: none, the sidecar runs without actors. */
  placementHostAddress: string | undefined;
}

/** The run file an app came from, recorded in the sidecar's metadata so `dapr stop -f` finds it. */
export interface RunTemplate {
  path: string;
  name: string;
}
