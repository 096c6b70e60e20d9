import { Cron } from 'croner';
import { MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import type { BindingEventHandler, InputBinding } from '@dapr-ts/components-bindings';
import type { Logger } from '@dapr-ts/logger';
import { CronerMode, parseCronSchedule, type CronSchedule } from './cron-schedule';
import { messageOf } from './message-of';

export interface CronBindingOptions {
  /** Component-scoped logger; handler failures and skipped ticks are logged here. */
  logger: Logger;
}

/**
 * `bindings.cron`: an input binding that calls the app on a schedule (contrib bindings/cron).
 * Metadata: `schedule` (required, see {@link parseCronSchedule}). `direction` and `route` are
 * read by the runtime, not here.
 *
 * Each tick hands over an event with empty data and metadata `timeZone` (the schedule's IANA zone)
 * and `readTimeUTC` (RFC 3339, UTC).
 *
 * Ticks never overlap: a tick that comes while the handler of the previous one is still running
 * is skipped (logged at debug), so a slow app is not sent a growing pile of concurrent requests.
 * A rejected handler is logged and the next tick fires as usual; cron has nothing to retry.
 */
export class CronBinding implements InputBinding {
  private readonly logger: Logger;
  private schedule: CronSchedule | undefined;
  private stopTicks: (() => void) | undefined;
  private busy = false;
  /** Aborted by close(): the signal handed to handlers, so in-flight deliveries can give up. */
  private closing = new AbortController();

  constructor(options: CronBindingOptions) {
    this.logger = options.logger;
  }

  /** Parses `schedule`; throws MetadataError naming it when invalid. */
  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const md = new MetadataReader(metadata.properties);
    this.schedule = parseCronSchedule(md.requiredString('schedule'));
    this.closing = new AbortController();
  }

  /**
   * Starts ticking; resolves at once. Ticking stops when `signal` aborts or on close(); a handler
   * already running then finishes. One binding reads for one handler at a time.
   */
  async read(handler: BindingEventHandler, signal: AbortSignal): Promise<void> {
    const schedule = this.schedule;
    if (!schedule) throw new Error('cron binding: read() called before init()');
    if (this.stopTicks) throw new Error('cron binding: already reading');
    if (signal.aborted) return;
    const timeZone = schedule.kind === 'cron' && schedule.timeZone ? schedule.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
    const tick = (): void => void this.fire(handler, timeZone);
    const stop = schedule.kind === 'every' ? everyTimer(schedule.intervalMs, tick) : cronTimer(schedule, tick);
    const onAbort = (): void => this.stop();
    this.stopTicks = () => {
      signal.removeEventListener('abort', onAbort);
      stop();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  }

  /** Stops ticking and aborts the signal of a running handler. */
  async close(): Promise<void> {
    this.stop();
    this.closing.abort();
  }

  private stop(): void {
    const stop = this.stopTicks;
    this.stopTicks = undefined;
    stop?.();
  }

  private async fire(handler: BindingEventHandler, timeZone: string): Promise<void> {
    if (this.busy) {
      this.logger.debug('cron tick skipped: the previous event is still being handled');
      return;
    }
    this.busy = true;
    try {
      await handler({ data: new Uint8Array(0), metadata: { timeZone, readTimeUTC: new Date().toISOString() } }, this.closing.signal);
    } catch (err) {
      this.logger.error(`error handling cron event: ${messageOf(err)}`);
    } finally {
      this.busy = false;
    }
  }
}

/** Runs `tick` on the cron pattern; returns the function that stops it. */
function cronTimer(schedule: { pattern: string; timeZone?: string }, tick: () => void): () => void {
  const job = new Cron(schedule.pattern, { mode: CronerMode, ...(schedule.timeZone ? { timezone: schedule.timeZone } : {}) }, tick);
  return () => job.stop();
}

/**
 * Runs `tick` every `intervalMs`, on whole seconds like robfig/cron's constant-delay schedule.
 * Each due time is the previous one plus the interval, so ticks do not drift; after a stall the
 * next due time is taken from now instead of firing the missed ticks in a burst.
 */
function everyTimer(intervalMs: number, tick: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
  const arm = (due: number): void => {
    timer = setTimeout(() => {
      tick();
      const next = due + intervalMs;
      arm(next > Date.now() ? next : wholeSecond(Date.now() + intervalMs));
    }, due - Date.now());
  };
  arm(wholeSecond(Date.now() + intervalMs));
  return () => clearTimeout(timer);
}
