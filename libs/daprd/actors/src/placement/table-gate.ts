import type { PlacementTable } from './placement-table';

interface Waiter {
  resolve: (table: PlacementTable) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  deadline: number;
}

export interface GateTimeouts {
  /** Longest a call waits while a dissemination round holds the lock (`--actors-disseminate-timeout`). */
  lockedMs: number;
  /** Longest a call waits while placement is unreachable before failing with a clear error. */
  disconnectedMs: number;
}

export class PlacementUnavailableError extends Error {
  override readonly name = 'PlacementUnavailableError';
}

/**
 * The door every actor call passes. Closed until the first table arrives, while placement holds
 * a dissemination lock, and while placement is unreachable; callers wait at the door (bounded)
 * instead of failing, because a round normally lasts milliseconds. It also counts the calls
 * inside, so a lock can drain them before it is acknowledged.
 */
export class TableGate {
  private table: PlacementTable | undefined;
  private locked = true;
  private disconnectedReason: string | undefined = 'not connected to placement yet';
  private readonly waiters = new Set<Waiter>();
  private readonly versionWaiters = new Set<() => void>();
  private inside = 0;
  private drainWaiters: (() => void)[] = [];
  private readonly timeouts: GateTimeouts;

  constructor(timeouts: GateTimeouts) {
    this.timeouts = timeouts;
  }

  get current(): PlacementTable | undefined {
    return this.locked ? undefined : this.table;
  }

  /** The last table received, even while locked (for ownership checks of reminders). */
  get latest(): PlacementTable | undefined {
    return this.table;
  }

  get isConnected(): boolean {
    return this.disconnectedReason === undefined;
  }

  get inFlight(): number {
    return this.inside;
  }

  /** Resolves with the table once the door is open; rejects after the bounded wait. */
  async open(signal?: AbortSignal): Promise<PlacementTable> {
    if (!this.locked && this.table) return this.table;
    signal?.throwIfAborted();
    return new Promise<PlacementTable>((resolve, reject) => {
      const waitMs = this.disconnectedReason !== undefined ? this.timeouts.disconnectedMs : this.timeouts.lockedMs;
      const waiter: Waiter = {
        resolve: (table) => (cleanup(), resolve(table)),
        reject: (err) => (cleanup(), reject(err)),
        timer: setTimeout(() => waiter.reject(this.timeoutError()), waitMs),
        deadline: Date.now() + waitMs,
      };
      const onAbort = (): void => waiter.reject(signal?.reason instanceof Error ? signal.reason : new Error('actor call cancelled'));
      const cleanup = (): void => {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Runs `work` counted as in flight, so {@link drain} waits for it. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inside++;
    try {
      return await work();
    } finally {
      this.inside--;
      if (this.inside === 0) for (const done of this.drainWaiters.splice(0)) done();
    }
  }

  /** Waits until nothing is in flight or `timeoutMs` passed; true when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.inside === 0) return true;
    return new Promise<boolean>((resolve) => {
      const done = (): void => (clearTimeout(timer), resolve(true));
      const timer = setTimeout(() => {
        this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.drainWaiters.push(done);
    });
  }

  lock(): void {
    this.locked = true;
  }

  update(table: PlacementTable): void {
    this.table = table;
    for (const notify of [...this.versionWaiters]) notify();
  }

  unlock(): void {
    this.disconnectedReason = undefined;
    this.locked = false;
    if (!this.table) return;
    for (const waiter of [...this.waiters]) waiter.resolve(this.table);
  }

  /** Placement is gone: close the door and shorten every wait to the disconnected budget. */
  disconnected(reason: string): void {
    this.disconnectedReason = reason;
    this.locked = true;
    this.table = undefined;
    const deadline = Date.now() + this.timeouts.disconnectedMs;
    for (const waiter of this.waiters) {
      if (waiter.deadline <= deadline) continue;
      clearTimeout(waiter.timer);
      waiter.deadline = deadline;
      waiter.timer = setTimeout(() => waiter.reject(this.timeoutError()), this.timeouts.disconnectedMs);
    }
  }

  /** Resolves when a table newer than `version` arrives, or after `timeoutMs` (true if it did). */
  async newerThan(version: number, timeoutMs: number): Promise<boolean> {
    if (this.table && this.table.version > version) return true;
    return new Promise<boolean>((resolve) => {
      const notify = (): void => {
        if (!this.table || this.table.version <= version) return;
        this.versionWaiters.delete(notify);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => (this.versionWaiters.delete(notify), resolve(false)), timeoutMs);
      this.versionWaiters.add(notify);
    });
  }

  /** Fails every waiter (runtime shutting down). */
  close(err: Error): void {
    this.locked = true;
    for (const waiter of [...this.waiters]) waiter.reject(err);
  }

  private timeoutError(): Error {
    return this.disconnectedReason !== undefined
      ? new PlacementUnavailableError(this.disconnectedReason)
      : new PlacementUnavailableError('timed out waiting for the placement dissemination round to finish');
  }
}
