import type { Logger } from '@dapr-ts/logger';
import { placementV1 } from '@dapr-ts/proto';
import type { MemberHost } from './membership';
import { buildPlacementTables, type PlacementTableSettings } from './placement-tables';

/** The three orders of a round, in the order they are sent; the strings are the wire values. */
export const PlacementPhases = ['lock', 'update', 'unlock'] as const;
export type PlacementPhase = (typeof PlacementPhases)[number];

/** The phase a sidecar acknowledges with a Host message's `operation` (1.18), if any. */
export function phaseOfOperation(operation: placementV1.HostOperation): PlacementPhase | undefined {
  switch (operation) {
    case placementV1.HostOperation.LOCK:
      return 'lock';
    case placementV1.HostOperation.UPDATE:
      return 'update';
    case placementV1.HostOperation.UNLOCK:
      return 'unlock';
    default:
      return undefined;
  }
}

/** One stream taking part in a round. Compared by identity. */
export interface RoundParticipant {
  /** Whether the stream acknowledges orders (it sent an operation); read when each phase is sent. */
  isAckCapable(): boolean;
  /** Queues an order on the stream; must not throw once the stream has ended. */
  send(order: placementV1.PlacementOrder): void;
}

export interface RoundMember {
  host: MemberHost;
  participant: RoundParticipant;
}

/** A round that is starting: what the disseminator reports for logs and metrics. */
export interface RoundInfo {
  namespace: string;
  version: number;
  hosts: string[];
}

export interface DisseminatorOptions extends PlacementTableSettings {
  namespace: string;
  /** How long a phase waits for the acks of ack-capable participants. */
  disseminateTimeoutMs: number;
  logger: Logger;
  /** The namespace's current members; read at the start of each round. */
  members(): readonly RoundMember[];
  /**
   * A participant did not ack `phase` within the timeout. The callee must cut its stream and
   * remove it from the membership, which in turn calls {@link Disseminator.forget} and
   * {@link Disseminator.changed}.
   */
  onTimeout(participant: RoundParticipant, phase: PlacementPhase, version: number): void;
  onRoundStart?(round: RoundInfo): void;
}

interface PendingPhase {
  phase: PlacementPhase;
  version: number;
  waiting: Set<RoundParticipant>;
  timer: NodeJS.Timeout | undefined;
  done: () => void;
}

/**
 * Runs the dissemination rounds of one namespace: lock → update → unlock to every member, each
 * phase waiting for the acks of the ack-capable ones (1.18) and sent blindly to the others (1.16).
 * Versions start at 1 and grow by one per round. Changes during a round are batched into one
 * next round. Mirrors dapr pkg/placement/internal/loops/disseminator, with one loop per namespace.
 */
export class Disseminator {
  private readonly options: DisseminatorOptions;
  private version = 0;
  private dirty = false;
  private running = false;
  private stopped = false;
  private readonly participants = new Set<RoundParticipant>();
  private pending: PendingPhase | undefined;
  private idle: Promise<void> = Promise.resolve();
  private settleIdle: () => void = () => undefined;

  constructor(options: DisseminatorOptions) {
    this.options = options;
  }

  /** Version of the latest round started (0 before the first). */
  get currentVersion(): number {
    return this.version;
  }

  get roundInProgress(): boolean {
    return this.running;
  }

  /**
   * The namespace's membership changed. Starts a round on the next turn of the event loop (so
   * changes of the same turn share it), or marks one to run right after the round in progress.
   */
  changed(): void {
    if (this.stopped) return;
    this.dirty = true;
    if (this.running) return;
    this.running = true;
    this.idle = new Promise((resolve) => (this.settleIdle = resolve));
    setImmediate(() => void this.loop());
  }

  /** A participant acknowledged `phase` of `version`; stale or unexpected acks are ignored. */
  acknowledge(participant: RoundParticipant, phase: PlacementPhase, version: number): void {
    const pending = this.pending;
    if (!pending || pending.phase !== phase || pending.version !== version) return;
    if (pending.waiting.delete(participant) && pending.waiting.size === 0) pending.done();
  }

  /** A participant's stream is gone: the round stops sending to it and waiting for it. */
  forget(participant: RoundParticipant): void {
    this.participants.delete(participant);
    const pending = this.pending;
    if (pending?.waiting.delete(participant) && pending.waiting.size === 0) pending.done();
  }

  /** Stops for good: the round in progress ends without sending further orders. */
  stop(): void {
    this.stopped = true;
    this.dirty = false;
    this.pending?.done();
  }

  /** Resolves once no round runs and none is due. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private async loop(): Promise<void> {
    try {
      while (this.dirty && !this.stopped) {
        this.dirty = false;
        await this.round();
      }
    } catch (err) {
      this.options.logger.error(`Dissemination in namespace '${this.options.namespace}' failed: ${(err as Error).message}`);
    } finally {
      this.participants.clear();
      this.running = false;
      this.settleIdle();
    }
  }

  private async round(): Promise<void> {
    const members = this.options.members();
    // Nobody to tell: no version is spent, so a namespace that empties and refills keeps counting on.
    if (members.length === 0) return;
    const version = ++this.version;
    const tables = buildPlacementTables(
      members.map((m) => m.host),
      version,
      this.options,
    );
    this.participants.clear();
    for (const m of members) this.participants.add(m.participant);
    this.options.onRoundStart?.({ namespace: this.options.namespace, version, hosts: members.map((m) => m.host.name) });
    for (const phase of PlacementPhases) {
      if (this.stopped) return;
      await this.phase(phase, version, phase === 'update' ? tables : undefined);
    }
  }

  private phase(phase: PlacementPhase, version: number, tables: placementV1.PlacementTables | undefined): Promise<void> {
    const targets = [...this.participants];
    const order = placementV1.PlacementOrder.fromPartial({ operation: phase, version, ...(tables ? { tables } : {}) });
    return new Promise<void>((resolve) => {
      const pending: PendingPhase = {
        phase,
        version,
        waiting: new Set(targets.filter((p) => p.isAckCapable())),
        timer: undefined,
        done: () => {
          if (this.pending !== pending) return;
          clearTimeout(pending.timer);
          this.pending = undefined;
          resolve();
        },
      };
      // Registered before sending: an ack (or a stream ending) may arrive while sends are queued.
      this.pending = pending;
      for (const participant of targets) participant.send(order);
      if (pending.waiting.size === 0 || this.stopped) {
        pending.done();
        return;
      }
      pending.timer = setTimeout(() => {
        const late = [...pending.waiting];
        pending.waiting.clear();
        for (const participant of late) {
          this.participants.delete(participant);
          this.options.onTimeout(participant, phase, version);
        }
        pending.done();
      }, this.options.disseminateTimeoutMs);
    });
  }
}
