import { randomUUID } from 'node:crypto';
import { DaprdProcess, PlacementProcess, tempDir } from '@dapr-ts/testing';
import { faultActorClass } from './actor-fault-actor';
import { callActor, type CallOutcome } from './actor-fault-calls';
import { TurnRecorder } from './actor-fault-turns';
import { ActorHost } from './actor-host';
import { deleteActorKeys, redisActorResources, redisDescription } from './actor-resources';

/** The SDK's actor runtime settings every host serves at `/dapr/config`. */
const ActorRuntimeOptions = { actorIdleTimeout: '1h', drainOngoingCallTimeout: '1s', drainRebalancedActors: true };

/** One actor host of a fault test: an {@link ActorHost} serving the instrumented actor under a label. */
export class FaultHost {
  readonly label: string;
  readonly host: ActorHost;
  private readonly recorder: TurnRecorder;
  private gone = false;

  constructor(label: string, host: ActorHost, recorder: TurnRecorder) {
    this.label = label;
    this.host = host;
    this.recorder = recorder;
  }

  get daprd(): DaprdProcess {
    return this.host.daprd;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** SIGKILL of the sidecar; the app goes with it, as in a pod (the recorder stops counting it first). */
  async kill(): Promise<void> {
    this.gone = true;
    this.recorder.abandon(this.label);
    await this.host.kill();
  }

  /** Graceful stop: the sidecar deactivates its actors while the app still answers. */
  async stop(): Promise<void> {
    if (this.gone) return;
    this.gone = true;
    await this.host.stop();
    this.recorder.abandon(this.label);
  }
}

export interface ActorFaultClusterOptions {
  /** Short name of the test: part of the actor type and app id, so runs never share Redis keys. */
  name: string;
  hosts: number;
  /** Extra placement flags (e.g. `--disseminate-timeout 2s`). */
  placementArgs?: string[];
  /** Whether to start a sidecar with no app (it only calls actors); default true. */
  client?: boolean;
}

/**
 * A placement service, N actor hosts sharing one app id and the Redis actor state store, and a
 * client-only sidecar to call from. The actor type is unique per run; {@link cleanup} deletes
 * its keys from Redis.
 */
export class ActorFaultCluster {
  readonly actorType: string;
  readonly appId: string;
  readonly recorder = new TurnRecorder();
  readonly hosts: FaultHost[] = [];
  placement: PlacementProcess;
  client: DaprdProcess | undefined;
  private readonly options: ActorFaultClusterOptions;
  private readonly resourcesDir = redisActorResources();
  private readonly registryDir = tempDir('dapr-registry-');
  private readonly retired: PlacementProcess[] = [];

  private constructor(options: ActorFaultClusterOptions) {
    this.options = options;
    const run = randomUUID().replaceAll('-', '').slice(0, 8);
    this.actorType = `Fault${options.name}${run}`;
    this.appId = `fault-${options.name.toLowerCase()}-${run}`;
    this.placement = new PlacementProcess({ args: options.placementArgs ?? [] });
  }

  static async start(options: ActorFaultClusterOptions): Promise<ActorFaultCluster> {
    const cluster = new ActorFaultCluster(options);
    try {
      await cluster.placement.run();
      await cluster.placement.waitUntilRunning();
      for (let i = 0; i < options.hosts; i++) await cluster.addHost();
      if (options.client !== false) {
        const client = new DaprdProcess({
          appId: `${cluster.appId}-client`,
          resourcesPaths: [cluster.resourcesDir],
          registryDir: cluster.registryDir,
          args: ['--placement-host-address', cluster.placement.address],
        });
        cluster.client = client;
        await client.run();
        await client.waitUntilRunning();
      }
      await cluster.waitForHosts(options.hosts);
      return cluster;
    } catch (err) {
      await cluster.cleanup().catch(() => undefined);
      throw new Error(`starting the actor cluster failed (the actor state store is Redis at ${redisDescription()}; set REDIS_HOST or REDIS_URL): ${(err as Error).message}`, { cause: err });
    }
  }

  /** Starts one more host (joins placement, which rebalances). */
  async addHost(): Promise<FaultHost> {
    const label = `host-${this.hosts.length + 1}`;
    const host = await ActorHost.start({
      appId: this.appId,
      placementAddress: this.placement.address,
      actors: [faultActorClass(this.actorType, label, this.recorder)],
      resourcesDir: this.resourcesDir,
      registryDir: this.registryDir,
      runtime: ActorRuntimeOptions,
    });
    const fault = new FaultHost(label, host, this.recorder);
    this.hosts.push(fault);
    return fault;
  }

  /** Sidecar names placement lists for the actor type. */
  async placedHosts(): Promise<string[]> {
    const state = await this.placement.state();
    return state.hostList.filter((h) => h.actorTypes.includes(this.actorType)).map((h) => h.name);
  }

  /** Waits until placement lists exactly `count` hosts of the actor type. */
  async waitForHosts(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: string[] = [];
    for (;;) {
      last = await this.placedHosts().catch(() => last);
      if (last.length === count) return;
      if (Date.now() > deadline) throw new Error(`placement lists ${last.length} host(s) of ${this.actorType} after ${timeoutMs} ms, expected ${count}: ${last.join(', ')}\n${this.logsTail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops placement for good (`signal`), keeping its port for {@link startPlacement}. */
  async stopPlacement(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.placement.cleanup(signal);
    this.retired.push(this.placement);
    this.placement = new PlacementProcess({ port: this.placement.port, args: this.options.placementArgs ?? [] });
  }

  /** Starts placement again on the port the sidecars dial. */
  async startPlacement(): Promise<void> {
    await this.placement.run();
    await this.placement.waitUntilRunning();
  }

  /** Calls a method of one actor through `via` (default: the client-only sidecar). */
  call(actorId: string, method: string, args: unknown[], boundMs: number, via: DaprdProcess | undefined = this.client): Promise<CallOutcome> {
    if (!via) throw new Error('no sidecar to call through');
    return callActor(via.httpPort, this.actorType, actorId, method, args, boundMs);
  }

  /** The last lines of every process, for failure messages. */
  logsTail(lines = 40): string {
    const tail = (name: string, text: string): string => `--- ${name} ---\n${text.split('\n').slice(-lines).join('\n')}`;
    return [
      tail('placement', [...this.retired.map((p) => p.logs), this.placement.logs].join('')),
      ...this.hosts.map((h) => tail(`${h.label} (daprd)`, h.daprd.logs)),
      ...(this.client ? [tail('client (daprd)', this.client.logs)] : []),
    ].join('\n');
  }

  async cleanup(): Promise<void> {
    if (this.client) await this.client.cleanup();
    await Promise.all(this.hosts.map((h) => h.stop()));
    await this.placement.cleanup();
    await deleteActorKeys(this.actorType);
  }
}
