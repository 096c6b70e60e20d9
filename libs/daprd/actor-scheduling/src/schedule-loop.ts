import { wakeAt } from './wake-at';

/** The part of a scheduled timer or reminder that {@link ScheduleLoop} keeps. */
export interface ScheduledEntry {
  /** Unique per actor and name: a new entry under the same key replaces the old one. */
  readonly key: string;
  /** When the next fire is due, in epoch ms. */
  nextAt: number;
  cancelWake: (() => void) | undefined;
  /** The running fire of the entry this one replaced; this one's first fire waits for it. */
  predecessor: Promise<void> | undefined;
  running: Promise<void> | undefined;
  cancelled: boolean;
}

/** The {@link ScheduledEntry} fields of a new entry due at `nextAt`, replacing `previous` (if any). */
export function newScheduledEntry(key: string, nextAt: number, previous: ScheduledEntry | undefined): ScheduledEntry {
  return { key, nextAt, cancelWake: undefined, predecessor: previous?.running, running: undefined, cancelled: false };
}

/** What a {@link ScheduleLoop} calls. */
export interface ScheduleLoopOptions<E extends ScheduledEntry> {
  /** Clock in epoch ms. */
  now: () => number;
  /** One due fire of `entry` (never called for a cancelled entry); arms the next one itself with {@link ScheduleLoop.arm}. */
  tick: (entry: E) => Promise<void>;
  /** Called as `entry` is cancelled, for what the owner attached to it (a retry pause to end). */
  onCancel?: (entry: E) => void;
  /** The reason the fires' signal aborts with on {@link ScheduleLoop.stop}. */
  stoppedReason: string;
}

/**
 * The scheduling both actor timers and reminders do: one unref'd wake-up per entry; the fires of
 * one entry never overlap, because the next is armed only once the previous completed; a
 * replacement's first fire waits for the running fire of the entry it replaced; and `stop()`
 * cancels everything, aborts the signal running fires received and waits for them.
 */
export class ScheduleLoop<E extends ScheduledEntry> {
  private readonly options: ScheduleLoopOptions<E>;
  private readonly entries = new Map<string, E>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controller = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(options: ScheduleLoopOptions<E>) {
    this.options = options;
  }

  /** Given to every fire; aborts when the loop stops. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once {@link stop} was called: nothing new is scheduled. */
  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  /** Entries scheduled or firing now. */
  get size(): number {
    return this.entries.size;
  }

  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  list(): E[] {
    return [...this.entries.values()];
  }

  /**
   * Schedules `entry` at its `nextAt`. The caller has cancelled the entry it replaces, and set
   * `predecessor` to that entry's running fire.
   */
  add(entry: E): void {
    this.entries.set(entry.key, entry);
    this.arm(entry);
  }

  /** Sets the wake-up for `entry.nextAt`; `tick` calls it again for the next fire. */
  arm(entry: E): void {
    entry.cancelWake = wakeAt(entry.nextAt, this.options.now, () => {
      entry.cancelWake = undefined;
      const run = this.fire(entry).finally(() => {
        this.inFlight.delete(run);
        if (entry.running === run) entry.running = undefined;
      });
      entry.running = run;
      this.inFlight.add(run);
    });
  }

  /** Stops `entry`: no further fire; one running completes. Idempotent. */
  cancel(entry: E): void {
    entry.cancelled = true;
    this.options.onCancel?.(entry);
    entry.cancelWake?.();
    entry.cancelWake = undefined;
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }

  /** Cancels every entry, aborts the signal of running fires and waits for them. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const entry of this.list()) this.cancel(entry);
      this.controller.abort(new Error(this.options.stoppedReason));
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    })();
    return this.stopping;
  }

  private async fire(entry: E): Promise<void> {
    if (entry.predecessor) {
      await entry.predecessor.catch(() => undefined);
      entry.predecessor = undefined;
    }
    if (entry.cancelled) return;
    await this.options.tick(entry);
  }
}
