import { TurnLock } from '../turns/turn-lock';

/** One activated actor on this sidecar. */
export class Activation {
  readonly actorType: string;
  readonly actorId: string;
  readonly lock = new TurnLock();
  lastUsed: number;
  /** Set once deactivation started: callers waiting on the lock must activate a fresh one. */
  deactivated = false;

  constructor(actorType: string, actorId: string, now: number) {
    this.actorType = actorType;
    this.actorId = actorId;
    this.lastUsed = now;
  }
}

const keyOf = (actorType: string, actorId: string): string => `${actorType}||${actorId}`;

/** The actors active on this sidecar, by type and id. */
export class ActiveActors {
  private readonly byKey = new Map<string, Activation>();

  get(actorType: string, actorId: string): Activation | undefined {
    return this.byKey.get(keyOf(actorType, actorId));
  }

  getOrCreate(actorType: string, actorId: string, now: number): Activation {
    const key = keyOf(actorType, actorId);
    let activation = this.byKey.get(key);
    if (!activation) {
      activation = new Activation(actorType, actorId, now);
      this.byKey.set(key, activation);
    }
    return activation;
  }

  remove(activation: Activation): void {
    activation.deactivated = true;
    const key = keyOf(activation.actorType, activation.actorId);
    if (this.byKey.get(key) === activation) this.byKey.delete(key);
  }

  all(): Activation[] {
    return [...this.byKey.values()];
  }

  countsByType(): { type: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const a of this.byKey.values()) counts.set(a.actorType, (counts.get(a.actorType) ?? 0) + 1);
    return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => a.type.localeCompare(b.type));
  }

  get size(): number {
    return this.byKey.size;
  }
}
