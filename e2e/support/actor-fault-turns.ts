/** Two turns of one actor id that ran at the same time, or an id active on two hosts at once. */
export interface TurnViolation {
  kind: 'overlapping turns' | 'double activation';
  actorId: string;
  /** The host already running (or holding) the actor, and the host that started too. */
  hosts: [string, string];
  at: number;
}

/** One reminder delivery as the app saw it. */
export interface ReminderFire {
  actorId: string;
  host: string;
  at: number;
}

/**
 * The instrument shared by every actor app of a test (they run in the jest process, one SDK copy
 * each): it sees every turn and activation of every host as it happens, so a second turn of an
 * id starting while one runs anywhere else is caught exactly, with no clock skew between hosts.
 *
 * A host is {@link abandon}ed just before its sidecar is SIGKILLed: in a real pod its app dies
 * with the sidecar, so whatever it runs from then on can no longer affect anyone and is not counted.
 */
export class TurnRecorder {
  readonly violations: TurnViolation[] = [];
  readonly fires: ReminderFire[] = [];
  /** Turns per host (calls and reminders). */
  readonly turnsByHost = new Map<string, number>();
  private readonly running = new Map<string, string>();
  private readonly active = new Map<string, Set<string>>();
  private readonly deactivations = new Map<string, string[]>();
  private readonly abandoned = new Set<string>();

  /** A turn of `actorId` starts on `host`; call the returned function when it ends. */
  begin(host: string, actorId: string): () => void {
    if (this.abandoned.has(host)) return () => undefined;
    const other = this.running.get(actorId);
    if (other !== undefined && !this.abandoned.has(other)) this.violations.push({ kind: 'overlapping turns', actorId, hosts: [other, host], at: Date.now() });
    this.running.set(actorId, host);
    this.turnsByHost.set(host, (this.turnsByHost.get(host) ?? 0) + 1);
    return () => {
      if (this.running.get(actorId) === host) this.running.delete(actorId);
    };
  }

  activated(host: string, actorId: string): void {
    if (this.abandoned.has(host)) return;
    const holders = this.active.get(actorId) ?? new Set<string>();
    for (const other of holders) {
      if (other !== host && !this.abandoned.has(other)) this.violations.push({ kind: 'double activation', actorId, hosts: [other, host], at: Date.now() });
    }
    holders.add(host);
    this.active.set(actorId, holders);
  }

  deactivated(host: string, actorId: string): void {
    this.active.get(actorId)?.delete(host);
    this.deactivations.set(host, [...(this.deactivations.get(host) ?? []), actorId]);
  }

  fired(host: string, actorId: string): void {
    this.fires.push({ actorId, host, at: Date.now() });
  }

  /** The host's sidecar is going: what it runs or holds, now or later, no longer counts. */
  abandon(host: string): void {
    this.abandoned.add(host);
    for (const [actorId, holder] of this.running) if (holder === host) this.running.delete(actorId);
    for (const holders of this.active.values()) holders.delete(host);
  }

  /** Ids active on `host` now (activated and not deactivated). */
  activeOn(host: string): string[] {
    return [...this.active].filter(([, holders]) => holders.has(host)).map(([actorId]) => actorId);
  }

  /** Ids the app of `host` was asked to deactivate, in order. */
  deactivatedOn(host: string): string[] {
    return this.deactivations.get(host) ?? [];
  }

  /** Fires of each actor id since `since` (epoch ms). */
  firesSince(since: number): Map<string, ReminderFire[]> {
    const byId = new Map<string, ReminderFire[]>();
    for (const fire of this.fires) if (fire.at >= since) byId.set(fire.actorId, [...(byId.get(fire.actorId) ?? []), fire]);
    return byId;
  }
}
