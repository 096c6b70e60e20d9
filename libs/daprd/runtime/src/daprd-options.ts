import type { LogLevel } from '@dapr-ts/logger';

export type AppProtocol = 'http' | 'https' | 'grpc' | 'grpcs' | 'h2c';

/** Fully resolved daprd settings: flags > env > defaults, validated. Produced by the app's options parser. */
export interface DaprdOptions {
  mode: 'standalone' | 'kubernetes';
  appId: string;
  /** No app channel when undefined. */
  appPort: number | undefined;
  appProtocol: AppProtocol;
  appChannelAddress: string;
  /** -1 = unlimited. */
  appMaxConcurrency: number;
  httpPort: number;
  grpcPort: number;
  /** 0 = pick a free port. */
  internalGrpcPort: number;
  internalGrpcListenAddress: string | undefined;
  /** Empty = all interfaces. */
  listenAddresses: string[];
  publicPort: number | undefined;
  publicListenAddress: string | undefined;
  resourcesPaths: string[];
  configPaths: string[];
  logLevel: LogLevel;
  logAsJson: boolean;
  enableApiLogging: boolean;
  maxBodySize: number;
  readBufferSize: number;
  gracefulShutdownMs: number;
  blockShutdownMs: number | undefined;
  enableMetrics: boolean;
  metricsPort: number;
  placementHostAddresses: string[];
  /** `--actors-disseminate-timeout`: longest an actor call waits for a placement round. */
  actorsDisseminateTimeoutMs: number;
  /** `--disable-init-endpoints`: app endpoints not called at start (`config`, `subscribe`). */
  disableInitEndpoints: string[];
  appHealthCheck: { enabled: boolean; path: string; intervalMs: number; timeoutMs: number; threshold: number };
  /** `DAPR_API_TOKEN`: required on every API call but the two healthz GETs. */
  apiToken: string | undefined;
  /** `APP_API_TOKEN`: sent to the app as `dapr-api-token`. */
  appApiToken: string | undefined;
  namespace: string | undefined;
  /** Name-resolution registry folder for standalone mode (see invocation lib). */
  registryDir: string | undefined;
}
