import { errorMessage } from '@dapr-ts/components-common';
import type { Logger } from '@dapr-ts/logger';

/** What {@link PeriodicCleanup.start} needs. */
export interface PeriodicCleanupOptions {
  /** Prefixes log lines, e.g. `state.postgresql`. */
  component: string;
  /** Time between sweeps (the store's `cleanupInterval`). */
  intervalMs: number;
  logger: Logger;
  /**
   * Deletes expired rows and returns how many; the signal aborts after one interval, so a hung
   * sweep cannot pile up behind the next.
   */
  sweep(signal: AbortSignal): Promise<number>;
}

/**
 * Sweeps expired rows of a state store at start-up and then every interval, one sweep at a time,
 * as Dapr's SQL stores do (contrib common/component/sql GarbageCollector). A failed sweep is
 * logged and the next one runs on schedule. The timer does not keep the process alive.
 */
export class PeriodicCleanup {
  private readonly options: PeriodicCleanupOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  private constructor(options: PeriodicCleanupOptions) {
    this.options = options;
  }

  /**
   * Sweeps once, awaited so `init` leaves no work behind (Dapr sweeps at start-up too, so a
   * sidecar that restarts often still cleans up), then every `intervalMs`.
   */
  static async start(options: PeriodicCleanupOptions): Promise<PeriodicCleanup> {
    const cleanup = new PeriodicCleanup(options);
    await cleanup.sweepOnce();
    cleanup.timer = setInterval(() => void cleanup.sweepOnce(), options.intervalMs);
    cleanup.timer.unref();
    return cleanup;
  }

  /** Stops the timer and waits for a sweep under way. Idempotent. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Starts a sweep unless one is still running; resolves when it ends (never rejects). */
  private sweepOnce(): Promise<void> {
    if (this.running) return this.running;
    const { component, intervalMs, logger, sweep } = this.options;
    this.running = sweep(AbortSignal.timeout(intervalMs))
      .then(
        (deleted) => {
          if (deleted > 0) logger.debug(`${component}: deleted expired rows`, { count: deleted });
        },
        (err: unknown) => logger.warn(`${component}: cleanup of expired rows failed`, { error: errorMessage(err) }),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}

/**
 * How old the last sweep (recorded in the store's metadata table) must be before a sidecar claims
 * the next: 90% of the interval, so timers that fire a little early on several sidecars sharing a
 * table still sweep about once per interval. 0 (always claim) without an interval.
 */
export function cleanupClaimAgeMs(intervalMs: number | undefined): number {
  return Math.floor((intervalMs ?? 0) * 0.9);
}
