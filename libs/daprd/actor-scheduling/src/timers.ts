import { errorMessage } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import type { ReminderSpec } from './reminders/reminder-types';
import { validateSchedule } from './schedule';
import { ScheduleLoop, newScheduledEntry, type ScheduledEntry } from './schedule-loop';

/**
 * A timer registration (`POST /v1.0/actors/<type>/<id>/timers/<name>` or `RegisterActorTimer`):
 * a reminder's fields plus the callback.
 */
export interface TimerSpec extends ReminderSpec {
  /** The actor method the app calls back (`PUT /actors/<type>/<id>/method/timer/<name>` body). */
  callback?: string;
}

/**
 * Delivers one fire to the actor. `signal` aborts when the service stops. A rejection is logged
 * and the timer carries on.
 */
export type TimerFire = (timer: TimerSpec, signal: AbortSignal) => Promise<void>;

export interface TimerServiceOptions {
  fire: TimerFire;
  logger: Logger;
  /** Clock in epoch ms; `Date.now` by default. */
  now?: () => number;
}

interface ActiveTimer extends ScheduledEntry {
  readonly spec: TimerSpec;
  readonly intervalMs: number | undefined;
  readonly expiresAt: number | undefined;
  repetitionsLeft: number | undefined;
}

/**
 * Actor timers: in memory only, they die with the activation (docs: actors-timers-reminders.md;
 * reference/reliability.md §1.2, "timers live in memory only").
 *
 * A timer fires after `dueTime`, then every `period` until its repetitions run out or its `ttl`
 * passes; without a period it fires once. The next fire is scheduled only after the previous one
 * has completed, so the fires of one timer never overlap; a fire that overran its period is
 * followed by one immediate fire, not a burst. One unref'd setTimeout per timer.
 */
export class TimerService {
  private readonly fire: TimerFire;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly loop: ScheduleLoop<ActiveTimer>;

  constructor(options: TimerServiceOptions) {
    this.fire = options.fire;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.loop = new ScheduleLoop({ now: this.now, tick: (timer) => this.tick(timer), stoppedReason: 'timer service stopped' });
  }

  /**
   * Validates and starts a timer, replacing (and stopping) one of the same name on the same actor.
   * A fire of the replaced timer still running completes before the new timer's first fire.
   *
   * @throws DurationError on a bad dueTime, period or ttl; the old timer is then left as it was.
   */
  create(spec: TimerSpec): void {
    const now = this.now();
    const schedule = validateSchedule(spec, new Date(now));
    const key = timerKey(spec.actorType, spec.actorId, spec.name);
    const previous = this.loop.get(key);
    if (previous) this.loop.cancel(previous);
    if (this.loop.stopped) {
      this.logger.debug(`timer ${spec.name} of actor ${spec.actorType}/${spec.actorId} not started: the timer service is stopped`);
      return;
    }
    this.loop.add({
      ...newScheduledEntry(key, now + schedule.dueInMs, previous),
      spec,
      intervalMs: schedule.intervalMs,
      expiresAt: schedule.expiresAt,
      repetitionsLeft: schedule.repetitions,
    });
  }

  /** Stops a timer; an unknown name is fine. A fire already running completes. */
  delete(actorType: string, actorId: string, name: string): void {
    const timer = this.loop.get(timerKey(actorType, actorId, name));
    if (timer) this.loop.cancel(timer);
  }

  /** Stops every timer of one actor, on its deactivation. */
  deleteForActor(actorType: string, actorId: string): void {
    for (const timer of this.loop.list()) {
      if (timer.spec.actorType === actorType && timer.spec.actorId === actorId) this.loop.cancel(timer);
    }
  }

  /** Timers scheduled or firing now. */
  count(): number {
    return this.loop.size;
  }

  /** No new fires; aborts the signal given to running fires and waits for them. Idempotent. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async tick(timer: ActiveTimer): Promise<void> {
    if (timer.expiresAt !== undefined && this.now() >= timer.expiresAt) {
      this.logger.debug(`timer ${timer.spec.name} of actor ${timer.spec.actorType}/${timer.spec.actorId} expired`);
      this.loop.cancel(timer);
      return;
    }
    const plannedAt = timer.nextAt;
    try {
      await this.fire(timer.spec, this.loop.signal);
    } catch (err) {
      this.logger.warn(`timer ${timer.spec.name} of actor ${timer.spec.actorType}/${timer.spec.actorId} failed: ${errorMessage(err)}`);
    }
    if (timer.repetitionsLeft !== undefined) timer.repetitionsLeft--;
    if (timer.cancelled) return;
    if (timer.intervalMs === undefined || timer.repetitionsLeft === 0) {
      this.loop.cancel(timer);
      return;
    }
    // Missed periods collapse into one immediate fire (reliability.md §3, #4500).
    timer.nextAt = Math.max(plannedAt + timer.intervalMs, this.now());
    if (timer.expiresAt !== undefined && timer.nextAt >= timer.expiresAt) {
      this.loop.cancel(timer);
      return;
    }
    this.loop.arm(timer);
  }
}

function timerKey(actorType: string, actorId: string, name: string): string {
  return JSON.stringify([actorType, actorId, name]);
}
