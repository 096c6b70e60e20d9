import { DurationError, type DurationField } from './duration-error';

/**
 * Parsing of the `dueTime`, `period` and `ttl` strings of actor timers and reminders, in every form
 * Dapr documents (docs: actors-timers-reminders.md) and the SDKs send:
 *
 * - Go durations (`1h2m3.5s`, `500ms`, `1us`, `0`), as `time.ParseDuration` reads them;
 * - ISO 8601 durations, case-insensitively (`PT2S`, `P1DT2H`, `P2W`). The JS SDK lower-cases
 *   Temporal strings and strips the first `pt`, so `PT1H2M` arrives as the Go form `1h2m` and
 *   `P1DT2H` as `p1dt2h` (reference/sdk-client.md, actor rows);
 * - for `period`, ISO repetitions `R<n>/<duration>`;
 * - for `dueTime` and `ttl`, RFC 3339 times.
 *
 * Durations are milliseconds, possibly fractional (`1us` = 0.001). Negative durations are errors,
 * and so are ISO years and months, which have no fixed length.
 */

const GoHint = 'expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)';
const PeriodHint = 'expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)';
const TimeHint = 'expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)';

const goUnitMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const goDuration = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const goPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

const isoNumber = String.raw`(\d+(?:[.,]\d+)?)`;
const isoDuration = new RegExp(
  `^([-+]?)P(?:${isoNumber}Y)?(?:${isoNumber}M)?(?:${isoNumber}W)?(?:${isoNumber}D)?(?:(T)(?:${isoNumber}H)?(?:${isoNumber}M)?(?:${isoNumber}S)?)?$`,
  'i',
);

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A parsed `period`: the interval and, for `R<n>/…`, the total number of fires. */
export interface ParsedPeriod {
  intervalMs: number;
  /** Fires in total (`R5/PT1S` → 5); undefined = until deleted or expired. */
  repetitions?: number;
}

/**
 * Parses a Go or ISO 8601 duration into milliseconds. Empty text is an error: callers decide what
 * a missing value means. `field` only names the value in the error message.
 */
export function parseDuration(text: string, field: DurationField = 'duration'): number {
  return parseWithHint(text.trim(), text, field, GoHint);
}

/** Parses a `period`: a duration, or `R<n>/<duration>` (n ≥ 1; a bare `R/` repeats forever). */
export function parsePeriod(text: string): ParsedPeriod {
  const input = text.trim();
  const repeated = /^R([^/]*)\/(.*)$/i.exec(input);
  if (!repeated) return { intervalMs: parseWithHint(input, text, 'period', PeriodHint) };
  const [, count = '', interval = ''] = repeated;
  if (interval.trim() === '') throw new DurationError('period', text, `has no interval after the "/"; ${PeriodHint}`);
  if (count !== '' && !/^\d+$/.test(count)) throw new DurationError('period', text, `repetitions must be a whole number; ${PeriodHint}`);
  const intervalMs = parseWithHint(interval.trim(), text, 'period', PeriodHint);
  if (count === '') return { intervalMs };
  const repetitions = Number(count);
  if (repetitions < 1) throw new DurationError('period', text, 'repetitions must be at least 1');
  return { intervalMs, repetitions };
}

/** {@link parsePeriod}, with empty or missing text meaning "one-shot" (undefined). */
export function parseOptionalPeriod(text: string | undefined): ParsedPeriod | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return parsePeriod(text);
}

/** The delay in ms before the first fire: a duration, or an RFC 3339 time (a past time → 0). Empty → 0. */
export function parseDueTime(text: string, now: Date): number {
  const input = text.trim();
  if (input === '') return 0;
  const at = parseRfc3339(input, text, 'dueTime');
  if (at !== undefined) return Math.max(0, at - now.getTime());
  return parseWithHint(input, text, 'dueTime', TimeHint);
}

/** The absolute expiry (epoch ms) of a `ttl`: a duration from `now`, or an RFC 3339 time. Empty is an error. */
export function parseTtl(text: string, now: Date): number {
  const input = text.trim();
  if (input === '') throw new DurationError('ttl', text, `must not be empty; ${TimeHint}`);
  const at = parseRfc3339(input, text, 'ttl');
  if (at !== undefined) return at;
  return now.getTime() + parseWithHint(input, text, 'ttl', TimeHint);
}

/** Parses an RFC 3339 time (offsets, any number of fraction digits) to epoch ms; undefined when `input` is not shaped like one. */
function parseRfc3339(input: string, text: string, field: DurationField): number | undefined {
  const m = rfc3339.exec(input);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const fraction = Number(`0.${m[7] ?? '0'}`) * 1000;
  const offsetMin = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const utc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour, minute, second);
  // Date.UTC rolls invalid fields over (Feb 30 → Mar 2); a round trip catches them.
  const back = new Date(utc);
  if (back.getUTCMonth() !== (month ?? 0) - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hour || back.getUTCMinutes() !== minute || back.getUTCSeconds() !== second) {
    throw new DurationError(field, text, 'is not a valid RFC 3339 time');
  }
  return utc + fraction - offsetMin * 60_000;
}

/** Parses a duration, replacing the generic hint of a shape error by the field's own. */
function parseWithHint(input: string, text: string, field: DurationField, hint: string): number {
  if (input === '') throw new DurationError(field, text, `must not be empty; ${hint}`);
  const ms = /^[-+]?p/i.test(input) ? parseIso(input, text, field, hint) : parseGo(input, text, field, hint);
  if (ms < 0) throw new DurationError(field, text, 'must not be negative');
  return ms;
}

function parseGo(input: string, text: string, field: DurationField, hint: string): number {
  if (input === '0' || input === '+0' || input === '-0') return 0;
  const m = goDuration.exec(input);
  if (!m) throw new DurationError(field, text, hint);
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(goPart)) total += Number(part[1]) * (goUnitMs[part[2] ?? ''] ?? 0);
  return m[1] === '-' && total > 0 ? -total : total;
}

function parseIso(input: string, text: string, field: DurationField, hint: string): number {
  const m = isoDuration.exec(input);
  if (!m) throw new DurationError(field, text, hint);
  const num = (i: number): number | undefined => (m[i] === undefined ? undefined : Number(m[i].replace(',', '.')));
  const [years, months, weeks, days, hours, minutes, seconds] = [2, 3, 4, 5, 7, 8, 9].map(num);
  const timePart = [hours, minutes, seconds];
  if ([years, months, weeks, days, ...timePart].every((v) => v === undefined) || (m[6] !== undefined && timePart.every((v) => v === undefined))) {
    throw new DurationError(field, text, `has no components; ${hint}`);
  }
  if (years || months) throw new DurationError(field, text, 'years and months have no fixed length; use weeks, days or smaller units');
  const total = ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + (seconds ?? 0) * 1000;
  return m[1] === '-' && total > 0 ? -total : total;
}
