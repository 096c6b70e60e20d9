import { DurationError } from './duration-error';
import { parseDueTime, parseOptionalPeriod, parseTtl } from './durations';

/** The scheduling strings of a timer or reminder request, as they came over the wire. */
export interface ScheduleInput {
  dueTime?: string;
  period?: string;
  ttl?: string;
}

/** A validated schedule, relative to the `now` it was validated at. */
export interface Schedule {
  /** Delay before the first fire. */
  dueInMs: number;
  /** Time between fires; undefined = one-shot. */
  intervalMs?: number;
  /** Fires in total; undefined = until deleted or expired. Only set with `intervalMs`. */
  repetitions?: number;
  /** Absolute expiry, epoch ms; undefined = never expires. */
  expiresAt?: number;
}

/**
 * Parses and checks the three strings together. A zero period means one-shot, as in Dapr (a period
 * without a length has no repeats). A ttl that ends at or before the first fire is rejected, because
 * the reminder could never fire (Dapr rejects it too).
 *
 * @throws DurationError naming the bad field.
 */
export function validateSchedule(input: ScheduleInput, now: Date): Schedule {
  const dueInMs = parseDueTime(input.dueTime ?? '', now);
  const period = parseOptionalPeriod(input.period);
  const schedule: Schedule = { dueInMs };
  if (period && period.intervalMs > 0) {
    schedule.intervalMs = period.intervalMs;
    if (period.repetitions !== undefined) schedule.repetitions = period.repetitions;
  }
  const ttl = input.ttl ?? '';
  if (ttl.trim() !== '') {
    const expiresAt = parseTtl(ttl, now);
    const firstFireAt = now.getTime() + dueInMs;
    if (expiresAt <= firstFireAt) {
      throw new DurationError('ttl', ttl, `expires at ${new Date(expiresAt).toISOString()}, not after the first fire at ${new Date(firstFireAt).toISOString()}`);
    }
    schedule.expiresAt = expiresAt;
  }
  return schedule;
}
