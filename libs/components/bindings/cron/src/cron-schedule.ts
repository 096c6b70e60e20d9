import { Cron } from 'croner';
import { MetadataError } from '@dapr-ts/components-common';
import { parseGoDuration } from '@dapr-ts/kit';
import { messageOf } from './message-of';

/** `@every <duration>`: a fixed delay between ticks, in whole seconds. */
export interface EverySchedule {
  kind: 'every';
  intervalMs: number;
}

/** A cron expression or descriptor, run by croner. */
export interface CronExpressionSchedule {
  kind: 'cron';
  /** What croner receives: 5 or 6 fields, or a descriptor such as `@daily`. */
  pattern: string;
  /** IANA zone from a `CRON_TZ=`/`TZ=` prefix; the process's local zone when absent. */
  timeZone?: string;
}

export type CronSchedule = EverySchedule | CronExpressionSchedule;

const Descriptors: readonly string[] = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** The mode croner parses in: 6 fields start with seconds, 5 are standard cron, 7 (years) are refused. */
export const CronerMode = '5-or-6-parts';

/**
 * Parses the `schedule` metadata the way Dapr's bindings.cron (robfig/cron with optional seconds
 * and descriptors) accepts it:
 *
 * - 6 fields with seconds (`*\/5 * * * * *`) or 5 standard fields (`0 * * * *`); `?` is a wildcard;
 * - an optional `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix;
 * - `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`;
 * - `@every <Go duration>`, truncated to whole seconds with a 1s minimum, as robfig/cron does.
 *
 * Throws MetadataError naming `schedule` on anything else, including expressions that never fire
 * (`0 0 30 2 *`) and ISO dates, which croner would otherwise run once.
 */
export function parseCronSchedule(text: string): CronSchedule {
  const invalid = (why: string): MetadataError => new MetadataError('schedule', `"${text}" is not a valid schedule: ${why}`);
  let rest = text.trim();
  let timeZone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(rest);
  if (tz) {
    timeZone = tz[1];
    rest = (tz[2] ?? '').trim();
  }

  const every = /^@every\s+(\S+)$/i.exec(rest);
  if (every) {
    let ms: number;
    try {
      ms = parseGoDuration(every[1] ?? '');
    } catch {
      throw invalid(`"${every[1] ?? ''}" is not a duration (e.g. 10s, 1m30s)`);
    }
    if (!(ms > 0)) throw invalid('the @every interval must be positive');
    // robfig/cron runs @every on whole seconds and never more often than once a second.
    return { kind: 'every', intervalMs: Math.max(1000, Math.floor(ms / 1000) * 1000) };
  }

  let pattern: string;
  if (rest.startsWith('@')) {
    if (!Descriptors.includes(rest.toLowerCase())) throw invalid(`unknown descriptor (use @every <duration> or one of ${Descriptors.join(', ')})`);
    pattern = rest.toLowerCase();
  } else {
    const fields = rest.split(/\s+/).filter((field) => field !== '');
    if (fields.length !== 5 && fields.length !== 6) throw invalid(`expected 5 or 6 fields, got ${fields.length}`);
    // robfig/cron reads a lone `?` as `*`; croner would substitute the current time for it.
    pattern = fields.map((field) => (field === '?' ? '*' : field)).join(' ');
  }

  let probe: Cron | undefined;
  try {
    probe = new Cron(pattern, { paused: true, mode: CronerMode, ...(timeZone ? { timezone: timeZone } : {}) });
    if (probe.nextRun() === null) throw new Error('it never fires');
  } catch (err) {
    throw invalid(messageOf(err));
  } finally {
    probe?.stop();
  }
  return { kind: 'cron', pattern, ...(timeZone ? { timeZone } : {}) };
}
