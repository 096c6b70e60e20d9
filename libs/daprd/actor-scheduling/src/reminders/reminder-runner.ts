import { errorMessage } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { parseOptionalPeriod } from '../durations';
import { ScheduleLoop, newScheduledEntry, type ScheduledEntry } from '../schedule-loop';
import { pause } from '../wake-at';
import { reminderId } from './reminder-keys';
import type { Reminder, ReminderFire, ReminderRetry, ReminderTrack, StoredReminder } from './reminder-types';

export interface ReminderRunnerOptions {
  fire: ReminderFire;
  owns: (actorType: string, actorId: string) => boolean;
  logger: Logger;
  now: () => number;
  retry: ReminderRetry;
  /** Persists progress after a successful fire. */
  saveTrack: (reminder: StoredReminder, track: ReminderTrack) => Promise<void>;
  /** Deletes a registration that is done (only if the store still holds that uid). */
  finish: (reminder: StoredReminder) => Promise<void>;
}

interface Entry extends ScheduledEntry {
  readonly reminder: StoredReminder;
  readonly intervalMs: number | undefined;
  readonly expiresAt: number | undefined;
  /** The track says this registration has no fire left (a delete that failed after its last fire). */
  readonly done: boolean;
  repetitionsLeft: number | undefined;
  /** Deleted or re-registered: its progress must not be saved any more. */
  superseded: boolean;
  /** Aborted on cancel: ends a retry pause early. */
  readonly cancel: AbortController;
}

type Outcome = 'ok' | 'cancel' | 'not-owned' | 'failed' | 'abandoned';

/**
 * Fires the reminders scheduled on this sidecar, one unref'd timeout each. Persistence is the
 * caller's (through `saveTrack` and `finish`); this class holds only the local schedule.
 *
 * The fires of one reminder never overlap: the next is armed after the previous one completes,
 * and a re-registration's first fire waits for the old registration's running fire.
 */
export class ReminderRunner {
  private readonly options: ReminderRunnerOptions;
  private readonly loop: ScheduleLoop<Entry>;
  private fired = 0;

  constructor(options: ReminderRunnerOptions) {
    this.options = options;
    this.loop = new ScheduleLoop<Entry>({
      now: options.now,
      tick: (entry) => this.tick(entry),
      onCancel: (entry) => entry.cancel.abort(),
      stoppedReason: 'reminder service stopped',
    });
  }

  /**
   * Schedules a registration, replacing whatever is scheduled under its name. With a track of the
   * same uid it resumes: repetitions left and the next fire come from the last fire. An overdue
   * fire happens once, at once, then the period continues from then: missed periods collapse
   * instead of being replayed (reliability.md §3, #4500).
   *
   * @throws DurationError when the stored period cannot be parsed.
   */
  schedule(reminder: StoredReminder, track: ReminderTrack | undefined): void {
    if (this.loop.stopped) return;
    const period = parseOptionalPeriod(reminder.period);
    const intervalMs = period && period.intervalMs > 0 ? period.intervalMs : undefined;
    const progress = track?.uid === reminder.uid ? track : undefined;
    const repetitionsLeft = progress ? progress.repetitionsLeft : intervalMs === undefined ? undefined : period?.repetitions;
    const due = progress && intervalMs !== undefined ? Date.parse(progress.lastFiredAt) + intervalMs : Date.parse(reminder.dueAt);
    const id = reminderId(reminder.actorType, reminder.actorId, reminder.name);
    const previous = this.loop.get(id);
    if (previous) this.cancelEntry(previous, true);
    this.loop.add({
      ...newScheduledEntry(id, Math.max(Number.isNaN(due) ? 0 : due, this.options.now()), previous),
      reminder,
      intervalMs,
      expiresAt: reminder.expiresAt ? Date.parse(reminder.expiresAt) : undefined,
      done: progress !== undefined && (intervalMs === undefined || repetitionsLeft === 0),
      repetitionsLeft,
      superseded: false,
      cancel: new AbortController(),
    });
  }

  /**
   * Stops a reminder locally (nothing persisted); a running fire completes but is not followed.
   * `deleted`: the registration is gone, so a running fire's progress is not saved either.
   */
  unschedule(id: string, deleted: boolean): void {
    const entry = this.loop.get(id);
    if (entry) this.cancelEntry(entry, deleted);
  }

  /** The uid of the registration scheduled under `id`, if any. */
  scheduledUid(id: string): string | undefined {
    return this.loop.get(id)?.reminder.uid;
  }

  /** The registrations scheduled now. */
  scheduled(): StoredReminder[] {
    return this.loop.list().map((entry) => entry.reminder);
  }

  firedCount(): number {
    return this.fired;
  }

  /** Unschedules everything, aborts the signal of running fires and waits for them. Idempotent. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async tick(entry: Entry): Promise<void> {
    const { actorType, actorId } = entry.reminder;
    if (entry.done) return this.finishEntry(entry, 'it has no fire left');
    if (entry.expiresAt !== undefined && this.options.now() >= entry.expiresAt) return this.finishEntry(entry, 'its ttl expired');
    if (!this.options.owns(actorType, actorId)) {
      this.options.logger.debug(`${describe(entry)} unscheduled: the actor is not hosted here`);
      return this.cancelEntry(entry);
    }
    const plannedAt = entry.nextAt;
    const startedAt = this.options.now();
    const outcome = await this.fireWithRetry(entry);
    if (outcome === 'abandoned') return;
    if (outcome === 'not-owned') {
      this.options.logger.debug(`${describe(entry)} unscheduled: the runtime says the actor moved`);
      return this.cancelEntry(entry);
    }
    if (outcome === 'cancel') return this.finishEntry(entry, 'the app cancelled it');
    if (outcome === 'failed' && entry.intervalMs === undefined) return this.finishEntry(entry, 'its only fire failed');
    if (outcome === 'ok') {
      this.fired++;
      if (entry.repetitionsLeft !== undefined) entry.repetitionsLeft--;
      // Deleted or re-registered while firing: that registration's progress no longer matters.
      // Stopped or moved away while firing: the fire happened, so its progress is still saved.
      if (entry.superseded) return;
      await this.saveProgress(entry, startedAt);
      if (entry.intervalMs === undefined || entry.repetitionsLeft === 0) return this.finishEntry(entry, 'it has no fire left');
    }
    if (entry.cancelled || entry.intervalMs === undefined) return;
    entry.nextAt = Math.max(plannedAt + entry.intervalMs, this.options.now());
    if (entry.expiresAt !== undefined && entry.nextAt >= entry.expiresAt) return this.finishEntry(entry, 'its ttl expired');
    this.loop.arm(entry);
  }

  /**
   * Delivers with retries: `retry.attempts` more tries, `retry.intervalMs` apart, like Dapr's
   * default failure policy (reliability.md §1.2). `abandoned` when deleted or stopped meanwhile.
   */
  private async fireWithRetry(entry: Entry): Promise<Outcome> {
    const { attempts, intervalMs } = this.options.retry;
    const reminder = toReminder(entry.reminder);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.fire(reminder, this.loop.signal);
      } catch (err) {
        if (entry.cancelled) return 'abandoned';
        const message = errorMessage(err);
        if (attempt >= attempts) {
          const next = entry.intervalMs === undefined ? 'deleting it' : 'skipping this fire';
          this.options.logger.warn(`${describe(entry)} failed ${attempt + 1} times, ${next}: ${message}`);
          return 'failed';
        }
        this.options.logger.debug(`${describe(entry)} failed, retrying in ${intervalMs} ms: ${message}`);
        await pause(intervalMs, entry.cancel.signal);
        if (entry.cancelled) return 'abandoned';
      }
    }
  }

  private async saveProgress(entry: Entry, firedAt: number): Promise<void> {
    const track: ReminderTrack = { uid: entry.reminder.uid, lastFiredAt: new Date(firedAt).toISOString() };
    if (entry.repetitionsLeft !== undefined) track.repetitionsLeft = entry.repetitionsLeft;
    try {
      await this.options.saveTrack(entry.reminder, track);
    } catch (err) {
      // At-least-once: without the track a restart may repeat this fire, never skip one.
      this.options.logger.warn(`saving the progress of ${describe(entry)} failed: ${errorMessage(err)}`);
    }
  }

  private async finishEntry(entry: Entry, reason: string): Promise<void> {
    this.cancelEntry(entry);
    this.options.logger.debug(`deleting ${describe(entry)}: ${reason}`);
    try {
      await this.options.finish(entry.reminder);
    } catch (err) {
      this.options.logger.error(`deleting ${describe(entry)} failed: ${errorMessage(err)}`);
    }
  }

  /** `superseded`: deleted or re-registered, so a running fire's progress is not saved. */
  private cancelEntry(entry: Entry, superseded = false): void {
    entry.superseded ||= superseded;
    this.loop.cancel(entry);
  }
}

/** The public view of a stored reminder: what `get`, `list` and `fire` see. */
export function toReminder(stored: StoredReminder): Reminder {
  const reminder: Reminder = { actorType: stored.actorType, actorId: stored.actorId, name: stored.name, registeredAt: stored.registeredAt };
  if (stored.dueTime !== undefined) reminder.dueTime = stored.dueTime;
  if (stored.period !== undefined) reminder.period = stored.period;
  if (stored.ttl !== undefined) reminder.ttl = stored.ttl;
  if (stored.data !== undefined) reminder.data = stored.data;
  if (stored.expiresAt !== undefined) reminder.expiresAt = stored.expiresAt;
  return reminder;
}

function describe(entry: Entry): string {
  return `reminder ${entry.reminder.name} of actor ${entry.reminder.actorType}/${entry.reminder.actorId}`;
}
