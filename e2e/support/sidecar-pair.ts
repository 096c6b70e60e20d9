import { DaprClient, DaprServer, CommunicationProtocolEnum, LogLevel } from '@dapr/dapr';
import { DaprdProcess, freePort, tempDir, tempDirWith } from '@dapr-ts/testing';

export const Protocols = [
  ['HTTP', CommunicationProtocolEnum.HTTP],
  ['gRPC', CommunicationProtocolEnum.GRPC],
] as const;

/** Resources every e2e sidecar loads unless a test gives its own. */
export const DefaultResources = {
  'statestore.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.in-memory
  version: v1
  metadata:
  - name: actorStateStore
    value: "true"
`,
};

/** A daprd with no app, and SDK clients for both protocols. */
export async function startSidecar(opts: { appId?: string; files?: Record<string, string>; env?: Record<string, string>; args?: string[]; registryDir?: string } = {}): Promise<DaprdProcess> {
  const daprd = new DaprdProcess({
    appId: opts.appId ?? 'e2e-app',
    resourcesPaths: [tempDirWith(opts.files ?? DefaultResources)],
    registryDir: opts.registryDir ?? tempDir('dapr-registry-'),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.args ? { args: opts.args } : {}),
  });
  await daprd.run();
  await daprd.waitUntilRunning();
  return daprd;
}

export function clientFor(daprd: DaprdProcess, protocol: CommunicationProtocolEnum, extra: { daprApiToken?: string } = {}): DaprClient {
  return new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(protocol === CommunicationProtocolEnum.HTTP ? daprd.httpPort : daprd.grpcPort),
    communicationProtocol: protocol,
    logger: { level: LogLevel.Error },
    ...extra,
  });
}

/** An SDK app server plus its sidecar; the server is created so the test can register handlers first. */
export async function appWithSidecar(opts: { appId: string; protocol: CommunicationProtocolEnum; registryDir: string; files?: Record<string, string>; env?: Record<string, string> }): Promise<{
  server: DaprServer;
  daprd: DaprdProcess;
  start(): Promise<void>;
  stop(): Promise<void>;
}> {
  const appPort = await freePort();
  const daprd = new DaprdProcess({
    appId: opts.appId,
    appPort,
    appProtocol: opts.protocol === CommunicationProtocolEnum.GRPC ? 'grpc' : 'http',
    resourcesPaths: [tempDirWith(opts.files ?? DefaultResources)],
    registryDir: opts.registryDir,
    ...(opts.env ? { env: opts.env } : {}),
  });
  daprd.httpPort = await freePort();
  daprd.grpcPort = await freePort();
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: String(appPort),
    communicationProtocol: opts.protocol,
    logger: { level: LogLevel.Error },
    clientOptions: {
      daprHost: '127.0.0.1',
      daprPort: String(opts.protocol === CommunicationProtocolEnum.HTTP ? daprd.httpPort : daprd.grpcPort),
      communicationProtocol: opts.protocol,
    },
  });
  return {
    server,
    daprd,
    async start() {
      await daprd.run();
      await daprd.waitUntilRunning();
      await server.start();
      await daprd.waitUntilAppReady();
    },
    async stop() {
      // Sidecar first: its connections to the app close, so the app server can stop promptly.
      await daprd.cleanup();
      await server.stop().catch(() => undefined);
    },
  };
}
