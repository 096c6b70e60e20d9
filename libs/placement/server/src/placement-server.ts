import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from '@dapr-ts/logger';
import { DefaultReplicationFactor } from '@dapr-ts/placement-hashing';
import { placementV1 } from '@dapr-ts/proto';
import { listenTarget } from './http-listen';
import { AlwaysLeader, type LeaderElection } from './leader-election';
import { PlacementCoordinator } from './placement-coordinator';
import { placementServiceImplementation } from './placement-grpc-service';
import { PlacementMetrics } from './placement-metrics';
import type { PlacementState } from './placement-state';
import { PlacementApiLevel } from './placement-version';

/** Dapr's defaults (cmd/placement/options, 1.18 timeouts). */
export const DefaultPlacementPort = 50005;
export const DefaultDisseminateTimeoutMs = 8_000;
export const DefaultKeepaliveTimeMs = 2_000;
export const DefaultKeepaliveTimeoutMs = 3_000;

export interface PlacementServerOptions {
  logger: Logger;
  /** gRPC port; 0 picks a free one (see {@link PlacementServer.port}). */
  port: number;
  /** "" or unset = all interfaces. */
  listenAddress?: string;
  /** Virtual nodes per host that sidecars put on their hash rings; default 100. */
  replicationFactor?: number;
  /** How long a round phase waits for a stream's ack before cutting it; default 8 s. */
  disseminateTimeoutMs?: number;
  /** HTTP/2 keepalive ping interval of the gRPC server; default 2 s. */
  keepaliveTimeMs?: number;
  /** Silence after which a stream is cut, and the ping ack timeout; default 3 s. */
  keepaliveTimeoutMs?: number;
  /** Default {@link AlwaysLeader}. */
  leaderElection?: LeaderElection;
  /** Default a fresh registry; pass one to render it elsewhere. */
  metrics?: PlacementMetrics;
}

/** {@link PlacementServerOptions} with every default applied. */
export type ResolvedPlacementServerOptions = Required<PlacementServerOptions>;

/** Applies defaults and rejects values that cannot work; errors name the option. */
export function resolvePlacementServerOptions(options: PlacementServerOptions): ResolvedPlacementServerOptions {
  const resolved: ResolvedPlacementServerOptions = {
    logger: options.logger,
    port: options.port,
    listenAddress: options.listenAddress ?? '',
    replicationFactor: options.replicationFactor ?? DefaultReplicationFactor,
    disseminateTimeoutMs: options.disseminateTimeoutMs ?? DefaultDisseminateTimeoutMs,
    keepaliveTimeMs: options.keepaliveTimeMs ?? DefaultKeepaliveTimeMs,
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? DefaultKeepaliveTimeoutMs,
    leaderElection: options.leaderElection ?? new AlwaysLeader(),
    metrics: options.metrics ?? new PlacementMetrics(),
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) throw new Error(`placement port must be between 0 and 65535, got ${resolved.port}`);
  if (!Number.isInteger(resolved.replicationFactor) || resolved.replicationFactor < 1) throw new Error(`replicationFactor must be a positive integer, got ${resolved.replicationFactor}`);
  for (const key of ['disseminateTimeoutMs', 'keepaliveTimeMs', 'keepaliveTimeoutMs'] as const) {
    if (!(resolved[key] > 0)) throw new Error(`${key} must be greater than 0, got ${resolved[key]}`);
  }
  return resolved;
}

/**
 * The placement service: a grpc-js server for `dapr.proto.placement.v1.Placement` around a
 * {@link PlacementCoordinator}, a keepalive sweeper and the leader election. Mirrors
 * dapr pkg/placement (server.go, membership.go) without raft: membership lives in the leader's memory
 * and sidecars report again after a failover.
 */
export class PlacementServer {
  /** The bound gRPC port. */
  readonly port: number;
  readonly metrics: PlacementMetrics;
  private readonly coordinator: PlacementCoordinator;
  private readonly grpc: Server;
  private readonly sweeper: NodeJS.Timeout;
  private readonly election: LeaderElection;
  private closing: Promise<void> | undefined;

  private constructor(port: number, metrics: PlacementMetrics, coordinator: PlacementCoordinator, grpc: Server, sweeper: NodeJS.Timeout, election: LeaderElection) {
    this.port = port;
    this.metrics = metrics;
    this.coordinator = coordinator;
    this.grpc = grpc;
    this.sweeper = sweeper;
    this.election = election;
  }

  /** Binds the gRPC port, then starts the leader election. Throws one line if the port is taken. */
  static async start(options: PlacementServerOptions): Promise<PlacementServer> {
    const o = resolvePlacementServerOptions(options);
    const coordinator = new PlacementCoordinator({
      logger: o.logger,
      metrics: o.metrics,
      disseminateTimeoutMs: o.disseminateTimeoutMs,
      keepaliveTimeoutMs: o.keepaliveTimeoutMs,
      replicationFactor: o.replicationFactor,
      apiLevel: PlacementApiLevel,
    });
    const grpc = new Server({
      'grpc.keepalive_time_ms': o.keepaliveTimeMs,
      'grpc.keepalive_timeout_ms': o.keepaliveTimeoutMs,
      'grpc.keepalive_permit_without_calls': 1,
    });
    grpc.addService(placementV1.PlacementService, placementServiceImplementation(coordinator));
    let port: number;
    try {
      port = await bindGrpc(grpc, o.listenAddress, o.port);
    } catch (err) {
      grpc.forceShutdown();
      throw new Error(`placement gRPC server: cannot listen on ${listenTarget(o.listenAddress, o.port)}: ${describeBindError(err)}`);
    }
    // A quarter of the timeout: a silent stream is cut at most 25% later than the timeout says.
    const sweeper = setInterval(() => coordinator.sweep(), Math.max(50, Math.floor(o.keepaliveTimeoutMs / 4)));
    const server = new PlacementServer(port, o.metrics, coordinator, grpc, sweeper, o.leaderElection);
    await o.leaderElection.start({ onElected: () => coordinator.setLeader(true), onDeposed: () => coordinator.setLeader(false) });
    o.logger.info(`Placement service is listening on ${listenTarget(o.listenAddress, port)} (replicationFactor ${o.replicationFactor})`);
    return server;
  }

  /** Whether this replica leads (and so serves sidecars). */
  get isLeader(): boolean {
    return this.coordinator.isLeader;
  }

  /** What `GET /placement/state` shows. */
  state(): PlacementState {
    return this.coordinator.state();
  }

  /** Stops accepting, ends every stream (UNAVAILABLE) and closes the port. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.sweeper);
      // Coordinator first: from here on new streams are refused, whatever the election says.
      this.coordinator.close();
      await this.election.stop();
      await new Promise<void>((resolve) => {
        // Streams were ended above; the grace only covers their final status frames.
        const force = setTimeout(() => this.grpc.forceShutdown(), 1_000);
        this.grpc.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    })();
    return this.closing;
  }
}

function bindGrpc(server: Server, address: string, port: number): Promise<number> {
  const bind = (host: string): Promise<number> =>
    new Promise<number>((resolve, reject) => server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, actual) => (err ? reject(err) : resolve(actual))));
  // All interfaces: the IPv6 wildcard is dual-stack on Linux; fall back to IPv4 where IPv6 is off.
  if (address === '') return bind('[::]').catch(() => bind('0.0.0.0'));
  return bind(address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);
}

/** grpc-js reports bind failures as a sentence around the listen error; keep the useful part. */
function describeBindError(err: unknown): string {
  const message = (err as Error).message;
  if (message.includes('EADDRINUSE')) return 'address already in use';
  if (message.includes('EACCES')) return 'permission denied';
  if (message.includes('EADDRNOTAVAIL')) return 'address not available';
  return message;
}
