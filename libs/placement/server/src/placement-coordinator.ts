import { status } from '@grpc/grpc-js';
import { formatGoDuration } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { placementV1 } from '@dapr-ts/proto';
import { Disseminator, phaseOfOperation, type PlacementPhase, type RoundParticipant } from './disseminator';
import { Membership } from './membership';
import type { PlacementMetrics } from './placement-metrics';
import type { PlacementState } from './placement-state';

/** One sidecar's `ReportDaprStatus` stream, as the transport hands it to the coordinator. */
export interface HostConnection {
  /** Writes an order; a no-op once the stream has ended. */
  send(order: placementV1.PlacementOrder): void;
  /** Ends the stream with a non-OK status and `message`; idempotent. */
  end(code: status, message: string): void;
}

export interface PlacementCoordinatorOptions {
  logger: Logger;
  metrics: PlacementMetrics;
  disseminateTimeoutMs: number;
  /** A stream that sends nothing for this long is cut. */
  keepaliveTimeoutMs: number;
  replicationFactor: number;
  apiLevel: number;
  /** Clock for heartbeats and `updatedAt`; tests may replace it. */
  now?: () => number;
}

/** The message of streams refused or cut because this replica does not lead. */
export const NotLeaderMessage = 'this placement replica is not the leader';
const ShuttingDownMessage = 'placement service is shutting down';

/** Per-stream bookkeeping; it is also the stream's identity in membership and rounds. */
class HostStream implements RoundParticipant {
  readonly connection: HostConnection;
  lastSeenMs: number;
  /** Set by the first message whose operation is not UNKNOWN (a 1.18+ sidecar). */
  ackCapable = false;
  /** Fixed by the first report. */
  name: string | undefined;
  namespace: string | undefined;
  closed = false;

  constructor(connection: HostConnection, nowMs: number) {
    this.connection = connection;
    this.lastSeenMs = nowMs;
  }

  isAckCapable(): boolean {
    return this.ackCapable;
  }

  send(order: placementV1.PlacementOrder): void {
    if (!this.closed) this.connection.send(order);
  }

  describe(): string {
    return this.name === undefined ? 'an unidentified stream' : `host '${this.name}' (namespace '${this.namespace}')`;
  }
}

/**
 * Placement's brain, transport-agnostic: takes stream events (open, message, close), keeps the
 * membership, runs one {@link Disseminator} per namespace, detects silent hosts ({@link sweep})
 * and obeys leadership. The gRPC adapter feeds it; tests may too.
 */
export class PlacementCoordinator {
  private readonly options: PlacementCoordinatorOptions;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly streams = new Map<HostConnection, HostStream>();
  private readonly membership = new Membership<HostStream>();
  private readonly disseminators = new Map<string, Disseminator>();
  private leader = false;
  private closing = false;

  constructor(options: PlacementCoordinatorOptions) {
    this.options = options;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** A sidecar opened a stream. Refused unless this replica leads. */
  open(connection: HostConnection): void {
    if (this.closing) return connection.end(status.UNAVAILABLE, ShuttingDownMessage);
    if (!this.leader) return connection.end(status.FAILED_PRECONDITION, NotLeaderMessage);
    this.streams.set(connection, new HostStream(connection, this.now()));
  }

  /** A message arrived: an ack (LOCK/UPDATE/UNLOCK) or a report (REPORT, or UNKNOWN from 1.16). */
  receive(connection: HostConnection, message: placementV1.Host): void {
    const stream = this.streams.get(connection);
    if (!stream) return;
    stream.lastSeenMs = this.now();
    if (message.operation !== placementV1.HostOperation.UNKNOWN) stream.ackCapable = true;
    const phase = phaseOfOperation(message.operation);
    if (phase) {
      if (stream.namespace !== undefined && message.version !== undefined) this.disseminators.get(stream.namespace)?.acknowledge(stream, phase, message.version);
      return;
    }
    this.report(stream, message);
  }

  /** The stream ended from the sidecar's side (half-close, cancel, transport error). */
  closed(connection: HostConnection): void {
    const stream = this.streams.get(connection);
    if (!stream) return;
    if (stream.name !== undefined) this.logger.info(`Host '${stream.name}' disconnected from namespace '${stream.namespace}'`, { namespace: stream.namespace });
    this.drop(stream);
  }

  /** Cuts every stream that has been silent for longer than the keepalive timeout. */
  sweep(): void {
    const now = this.now();
    for (const stream of [...this.streams.values()]) {
      if (now - stream.lastSeenMs > this.options.keepaliveTimeoutMs) {
        this.cut(stream, status.UNAVAILABLE, `${stream.describe()} sent nothing for ${formatGoDuration(this.options.keepaliveTimeoutMs)} (keepalive timeout)`);
      }
    }
  }

  /** Leadership changed; losing it cuts every stream so sidecars find the new leader. */
  setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    if (leader) {
      this.logger.info('Cluster leadership acquired');
      return;
    }
    this.logger.warn('Cluster leadership lost; cutting every sidecar stream');
    for (const stream of [...this.streams.values()]) this.cut(stream, status.FAILED_PRECONDITION, NotLeaderMessage);
  }

  /** Stops rounds and ends every stream (UNAVAILABLE, so sidecars reconnect elsewhere). */
  close(): void {
    this.closing = true;
    for (const d of this.disseminators.values()) d.stop();
    for (const stream of [...this.streams.values()]) {
      this.drop(stream);
      stream.connection.end(status.UNAVAILABLE, ShuttingDownMessage);
    }
  }

  /** What `GET /placement/state` shows. */
  state(): PlacementState {
    const hostList = this.membership.all().map(({ host }) => ({
      name: host.name,
      appId: host.appId,
      actorTypes: [...host.entities],
      updatedAt: Math.floor(host.updatedAtMs / 1000),
      namespace: host.namespace,
      apiLevel: host.apiLevel,
    }));
    const versions = [...this.disseminators.values()].map((d) => d.currentVersion);
    return { hostList, tableVersion: Math.max(0, ...versions), apiLevel: this.options.apiLevel, replicationFactor: this.options.replicationFactor };
  }

  private report(stream: HostStream, message: placementV1.Host): void {
    if (message.name === '') return this.cut(stream, status.INVALID_ARGUMENT, 'the Host message has no name');
    if (stream.name !== undefined && (stream.name !== message.name || stream.namespace !== message.namespace)) {
      return this.cut(
        stream,
        status.INVALID_ARGUMENT,
        `${stream.describe()} reported itself as host '${message.name}' (namespace '${message.namespace}'): a stream cannot change its host name or namespace`,
      );
    }
    stream.name = message.name;
    stream.namespace = message.namespace;
    const result = this.membership.upsert(
      { name: message.name, port: message.port, appId: message.id, entities: message.entities, namespace: message.namespace, apiLevel: message.apiLevel },
      stream,
      this.now(),
    );
    if (result.change === 'unchanged') return;
    const fields = { namespace: message.namespace, appId: message.id, actorTypes: message.entities };
    if (result.change === 'updated') this.logger.info(`Host '${message.name}' changed its actor types or address`, fields);
    else this.logger.info(`Host '${message.name}' joined namespace '${message.namespace}'`, fields);
    if (result.previousOwner) this.cut(result.previousOwner, status.ABORTED, `host '${message.name}' connected again on a newer stream`);
    if (result.previousNamespace !== undefined) this.membershipChanged(result.previousNamespace);
    this.membershipChanged(message.namespace);
  }

  /** Ends `stream` for a reason of placement's own, logged and counted. */
  private cut(stream: HostStream, code: status, message: string): void {
    if (stream.closed) return;
    this.logger.warn(`Cutting a sidecar stream: ${message}`, { code: status[code] });
    if (stream.namespace !== undefined) this.options.metrics.streamCut(stream.namespace);
    // Dropped before ending, so the transport's own close event finds nothing left to do.
    this.drop(stream);
    stream.connection.end(code, message);
  }

  /** Forgets a stream; if it still held its host's membership, the namespace gets a new round. */
  private drop(stream: HostStream): void {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream.connection);
    if (stream.name === undefined || stream.namespace === undefined) return;
    this.disseminators.get(stream.namespace)?.forget(stream);
    if (this.membership.remove(stream.name, stream)) this.membershipChanged(stream.namespace);
  }

  private membershipChanged(namespace: string): void {
    const members = this.membership.members(namespace);
    this.options.metrics.setRuntimes(namespace, members.length, members.filter((m) => m.host.entities.length > 0).length);
    this.disseminator(namespace).changed();
  }

  private disseminator(namespace: string): Disseminator {
    let d = this.disseminators.get(namespace);
    if (!d) {
      d = new Disseminator({
        namespace,
        disseminateTimeoutMs: this.options.disseminateTimeoutMs,
        apiLevel: this.options.apiLevel,
        replicationFactor: this.options.replicationFactor,
        logger: this.logger,
        members: () => this.membership.members(namespace).map((m) => ({ host: m.host, participant: m.owner })),
        onTimeout: (participant, phase, version) => this.timedOut(participant, phase, version),
        onRoundStart: (round) => {
          this.options.metrics.roundStarted(round.namespace);
          this.logger.info(`Disseminating placement tables in namespace '${round.namespace}': version ${round.version} to ${round.hosts.length} host(s)`, {
            namespace: round.namespace,
            version: round.version,
            hosts: round.hosts,
          });
        },
      });
      this.disseminators.set(namespace, d);
    }
    return d;
  }

  private timedOut(participant: RoundParticipant, phase: PlacementPhase, version: number): void {
    const stream = participant as HostStream;
    this.cut(
      stream,
      status.DEADLINE_EXCEEDED,
      `${stream.describe()} did not acknowledge the ${phase} order of version ${version} within ${formatGoDuration(this.options.disseminateTimeoutMs)} (disseminate timeout)`,
    );
  }
}
