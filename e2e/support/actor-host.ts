import type * as DaprSdk from '@dapr/dapr';
import { ActorId, ActorProxyBuilder, CommunicationProtocolEnum, DaprClient, LogLevel, type DaprClientOptions, type DaprServer } from '@dapr/dapr';
import { DaprdProcess, freePort } from '@dapr-ts/testing';
import { waitFor } from './actor-wait';

/** An actor class as the SDK registers it (its name is the actor type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActorClass = new (...args: any[]) => object;

/** The SDK's actor runtime options (`GET /dapr/config`): idle timeout, reentrancy, ... */
export type ActorRuntimeConfig = NonNullable<DaprClientOptions['actor']>;

/**
 * A fresh copy of the SDK, as a separate app process would load it. The SDK keeps its actor
 * runtime in a process-wide singleton (`ActorRuntime.getInstance`) bound to the first server's
 * client, so two DaprServers sharing one copy would share their actors and talk to the first
 * server's sidecar. Actor classes may extend the test's own `AbstractActor`: the SDK only
 * constructs them and calls their methods.
 */
export function isolatedSdk(): typeof DaprSdk {
  const loaded: { sdk?: typeof DaprSdk } = {};
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded.sdk = require('@dapr/dapr') as typeof DaprSdk;
  });
  if (!loaded.sdk) throw new Error('could not load a copy of @dapr/dapr');
  return loaded.sdk;
}

export interface ActorHostOptions {
  appId: string;
  /** Placement's `host:port`, passed as `--placement-host-address`. */
  placementAddress: string;
  actors: ActorClass[];
  resourcesDir: string;
  registryDir: string;
  /** What the app serves at `GET /dapr/config` besides its actor types. */
  runtime?: ActorRuntimeConfig;
  /** How the app's own DaprClient (state manager, timers, reminders) talks to its sidecar. */
  clientProtocol?: CommunicationProtocolEnum;
  logLevel?: string;
}

/**
 * One actor-hosting app: an SDK DaprServer in this process (with its own SDK copy, see
 * {@link isolatedSdk}) and its daprd child process joined to placement. Start with
 * {@link ActorHost.start}; `kill` stands in for a crash of both.
 */
export class ActorHost {
  readonly options: ActorHostOptions;
  readonly daprd: DaprdProcess;
  readonly appPort: number;
  private readonly server: DaprServer;
  private readonly clients: DaprClient[] = [];
  private stopped = false;

  private constructor(options: ActorHostOptions, ports: { app: number; http: number; grpc: number }) {
    this.options = options;
    this.appPort = ports.app;
    this.daprd = new DaprdProcess({
      appId: options.appId,
      appPort: ports.app,
      appProtocol: 'http',
      resourcesPaths: [options.resourcesDir],
      registryDir: options.registryDir,
      args: ['--placement-host-address', options.placementAddress],
      logLevel: options.logLevel ?? 'info',
    });
    // The SDK client reads its sidecar's port once, when it is built: pick daprd's ports first.
    this.daprd.httpPort = ports.http;
    this.daprd.grpcPort = ports.grpc;
    const protocol = options.clientProtocol ?? CommunicationProtocolEnum.HTTP;
    const sdk = isolatedSdk();
    this.server = new sdk.DaprServer({
      serverHost: '127.0.0.1',
      serverPort: String(ports.app),
      communicationProtocol: sdk.CommunicationProtocolEnum.HTTP,
      logger: { level: sdk.LogLevel.Error },
      clientOptions: {
        daprHost: '127.0.0.1',
        daprPort: String(this.port(protocol)),
        communicationProtocol: protocol,
        logger: { level: sdk.LogLevel.Error },
        ...(options.runtime ? { actor: options.runtime } : {}),
      },
    });
  }

  /** Starts daprd and the app, and waits until the sidecar is connected to placement. */
  static async start(options: ActorHostOptions): Promise<ActorHost> {
    for (let attempt = 1; ; attempt++) {
      const host = new ActorHost(options, { app: await freePort(), http: await freePort(), grpc: await freePort() });
      try {
        await host.boot();
        return host;
      } catch (err) {
        await host.kill();
        // A port freePort() picked can be taken by another process before daprd binds it.
        if (attempt < 3 && err instanceof Error && err.message.includes('EADDRINUSE')) continue;
        const logs = host.daprd.logs.split('\n').slice(-20).join('\n');
        throw new Error(`actor host ${options.appId} did not start: ${err instanceof Error ? err.message : String(err)}\n--- daprd (last lines) ---\n${logs}`);
      }
    }
  }

  /** This sidecar's port for `protocol`. */
  port(protocol: CommunicationProtocolEnum): number {
    return protocol === CommunicationProtocolEnum.GRPC ? this.daprd.grpcPort : this.daprd.httpPort;
  }

  /** An SDK client of this sidecar (closed by `stop`/`kill`). */
  client(protocol: CommunicationProtocolEnum): DaprClient {
    const client = sidecarClient(this.daprd, protocol);
    this.clients.push(client);
    return client;
  }

  /** An actor proxy through this sidecar, built the way users build one. */
  proxy<T>(actorClass: ActorClass, actorId: string, protocol: CommunicationProtocolEnum): T {
    return actorProxy<T>(actorClass, this.client(protocol), actorId);
  }

  /** Graceful stop: SIGTERM to daprd (it deactivates its actors), then the app. */
  async stop(): Promise<void> {
    await this.shutdown('SIGTERM');
  }

  /** A crash: SIGKILL to daprd, then the app server goes away without deactivating anything. */
  async kill(): Promise<void> {
    await this.shutdown('SIGKILL');
  }

  private async boot(): Promise<void> {
    await this.daprd.run();
    // Generous: several sidecars may start at once on a small machine.
    await this.daprd.waitUntilRunning(30_000);
    await this.server.actor.init();
    for (const actor of this.options.actors) await this.server.actor.registerActor(actor as never);
    await this.server.start();
    await this.daprd.waitUntilAppReady(30_000);
    await waitFor(`${this.options.appId} to join placement`, async () => (await actorRuntimeOf(this.daprd)).placement === 'placement: connected', 30_000);
  }

  private async shutdown(signal: NodeJS.Signals): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.daprd.cleanup(signal);
    await this.server.stop().catch(() => undefined);
    await Promise.all(this.clients.map((c) => c.stop().catch(() => undefined)));
  }
}

/** `new ActorProxyBuilder(actorClass, client).build(new ActorId(actorId))`, typed as the actor's interface `T`. */
export function actorProxy<T>(actorClass: ActorClass, client: DaprClient, actorId: string): T {
  // The SDK types the class as Class<T>; actor classes implement T, but TS cannot see it through the mixin.
  return new ActorProxyBuilder<T>(actorClass as never, client).build(new ActorId(actorId));
}

/** An SDK client of any sidecar. */
export function sidecarClient(daprd: DaprdProcess, protocol: CommunicationProtocolEnum): DaprClient {
  return new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(protocol === CommunicationProtocolEnum.GRPC ? daprd.grpcPort : daprd.httpPort),
    communicationProtocol: protocol,
    logger: { level: LogLevel.Error },
  });
}

export interface ActorRuntimeMetadata {
  runtimeStatus: string;
  activeActors: { type: string; count: number }[];
  hostReady: boolean;
  placement: string;
}

/** `actorRuntime` of `GET /v1.0/metadata`. */
export async function actorRuntimeOf(daprd: DaprdProcess): Promise<ActorRuntimeMetadata> {
  const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/metadata`);
  const body = (await res.json()) as { actorRuntime: ActorRuntimeMetadata };
  return body.actorRuntime;
}

/** Active actors of one type on a sidecar, per its metadata (0 when none). */
export async function activeCount(daprd: DaprdProcess, actorType: string): Promise<number> {
  const runtime = await actorRuntimeOf(daprd);
  return runtime.activeActors.find((a) => a.type === actorType)?.count ?? 0;
}
