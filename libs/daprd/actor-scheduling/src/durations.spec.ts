import { DurationError, isDurationError } from './duration-error';
import { parseDueTime, parseDuration, parseOptionalPeriod, parsePeriod, parseTtl } from './durations';

const now = new Date('2026-11-23T10:00:00.000Z');

/** The DurationError `fn` throws; fails when it throws nothing or something else. */
function durationError(fn: () => unknown): DurationError {
  try {
    fn();
  } catch (err) {
    if (isDurationError(err)) return err;
    throw err;
  }
  throw new Error('expected a DurationError');
}

describe('durations', () => {
  describe('parseDuration()', () => {
    it.each([
      // Go durations, as time.ParseDuration reads them.
      ['0', 0],
      ['0s', 0],
      ['500ms', 500],
      ['2s', 2000],
      ['1.5s', 1500],
      ['.5s', 500],
      ['1h2m3.5s', 3_723_500],
      ['1m30s', 90_000],
      ['1us', 0.001],
      ['1µs', 0.001],
      ['1000000ns', 1],
      ['+3s', 3000],
      ['1h1h', 7_200_000],
      // ISO 8601, any case.
      ['PT2S', 2000],
      ['PT0S', 0],
      ['PT1.5S', 1500],
      ['PT0,5S', 500],
      ['pt1h2m', 3_720_000],
      ['P1D', 86_400_000],
      ['P1DT2H', 93_600_000],
      ['P2W', 1_209_600_000],
      ['P0Y1D', 86_400_000],
      // What the JS SDK sends: lower-cased, first "pt" stripped.
      ['1h2m', 3_720_000],
      ['p1d', 86_400_000],
      ['p1dt2h', 93_600_000],
      ['p2w', 1_209_600_000],
      ['  2s  ', 2000],
    ])('parses %j as %d ms', (text, ms) => {
      expect(parseDuration(text)).toBe(ms);
    });

    it.each([
      ['', 'invalid duration "": must not be empty; expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['abc', 'invalid duration "abc": expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['2', 'invalid duration "2": expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['2S', 'invalid duration "2S": expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['1d', 'invalid duration "1d": expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['-1s', 'invalid duration "-1s": must not be negative'],
      ['-PT1S', 'invalid duration "-PT1S": must not be negative'],
      ['P', 'invalid duration "P": has no components; expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['PT', 'invalid duration "PT": has no components; expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['P1DT', 'invalid duration "P1DT": has no components; expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['PT1S2M', 'invalid duration "PT1S2M": expected a Go duration (1h2m3s) or an ISO 8601 duration (PT1S)'],
      ['P1Y', 'invalid duration "P1Y": years and months have no fixed length; use weeks, days or smaller units'],
      ['P1M', 'invalid duration "P1M": years and months have no fixed length; use weeks, days or smaller units'],
      ['p1m', 'invalid duration "p1m": years and months have no fixed length; use weeks, days or smaller units'],
    ])('rejects %j', (text, message) => {
      const err = durationError(() => parseDuration(text));
      expect(err.message).toBe(message);
      expect(err).toMatchObject({ name: 'DurationError', field: 'duration', text });
    });

    it('names the field it was given', () => {
      expect(durationError(() => parseDuration('x', 'ttl')).message).toMatch(/^invalid ttl "x": /);
    });
  });

  describe('parsePeriod()', () => {
    it.each([
      ['1s', { intervalMs: 1000 }],
      ['PT1S', { intervalMs: 1000 }],
      ['0h0m9s0ms', { intervalMs: 9000 }],
      ['R5/PT1S', { intervalMs: 1000, repetitions: 5 }],
      ['r5/pt1s', { intervalMs: 1000, repetitions: 5 }],
      ['R1/2s', { intervalMs: 2000, repetitions: 1 }],
      ['R10/P1D', { intervalMs: 86_400_000, repetitions: 10 }],
      ['R/PT1M', { intervalMs: 60_000 }],
      ['0s', { intervalMs: 0 }],
    ])('parses %j', (text, period) => {
      expect(parsePeriod(text)).toEqual(period);
    });

    it.each([
      ['', 'invalid period "": must not be empty; expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)'],
      ['abc', 'invalid period "abc": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)'],
      ['R0/PT1S', 'invalid period "R0/PT1S": repetitions must be at least 1'],
      ['R-1/PT1S', 'invalid period "R-1/PT1S": repetitions must be a whole number; expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)'],
      ['R5/', 'invalid period "R5/": has no interval after the "/"; expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)'],
      ['R5/xyz', 'invalid period "R5/xyz": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)'],
      ['R5/P1M', 'invalid period "R5/P1M": years and months have no fixed length; use weeks, days or smaller units'],
      ['-5s', 'invalid period "-5s": must not be negative'],
    ])('rejects %j', (text, message) => {
      const err = durationError(() => parsePeriod(text));
      expect(err.message).toBe(message);
      expect(err.field).toBe('period');
    });
  });

  describe('parseOptionalPeriod()', () => {
    it.each([[undefined], [''], ['  ']])('returns undefined (one-shot) for %j', (text) => {
      expect(parseOptionalPeriod(text)).toBeUndefined();
    });

    it('parses a non-empty period', () => {
      expect(parseOptionalPeriod('R3/PT2S')).toEqual({ intervalMs: 2000, repetitions: 3 });
    });
  });

  describe('parseDueTime()', () => {
    it.each([
      ['', 0],
      ['0s', 0],
      ['5s', 5000],
      ['PT1M', 60_000],
      ['p1d', 86_400_000],
      ['2026-11-23T10:00:05Z', 5000],
      ['2026-11-23T10:00:05.250Z', 5250],
      ['2026-11-23T10:00:05.250123456Z', 5250.123456],
      ['2026-11-23t10:00:05z', 5000],
      ['2026-11-23T12:00:05+02:00', 5000],
      ['2026-11-23T09:00:05-01:00', 5000],
      ['2026-11-23T09:59:00Z', 0],
      ['2020-01-01T00:00:00Z', 0],
    ])('gives %j a delay of %d ms', (text, ms) => {
      expect(parseDueTime(text, now)).toBeCloseTo(ms, 3);
    });

    it.each([
      ['soon', 'invalid dueTime "soon": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)'],
      ['2026-02-30T00:00:00Z', 'invalid dueTime "2026-02-30T00:00:00Z": is not a valid RFC 3339 time'],
      ['2026-11-23T25:00:00Z', 'invalid dueTime "2026-11-23T25:00:00Z": is not a valid RFC 3339 time'],
      ['2026-11-23T10:00:00', 'invalid dueTime "2026-11-23T10:00:00": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)'],
      ['-2s', 'invalid dueTime "-2s": must not be negative'],
    ])('rejects %j', (text, message) => {
      expect(durationError(() => parseDueTime(text, now)).message).toBe(message);
    });
  });

  describe('parseTtl()', () => {
    it.each([
      ['10s', now.getTime() + 10_000],
      ['PT1H', now.getTime() + 3_600_000],
      ['2026-11-24T10:00:00Z', Date.parse('2026-11-24T10:00:00Z')],
      ['2026-11-24T11:30:00+01:30', Date.parse('2026-11-24T10:00:00Z')],
      // A past time parses; validateSchedule decides it is too early.
      ['2020-01-01T00:00:00Z', Date.parse('2020-01-01T00:00:00Z')],
    ])('gives %j an absolute expiry', (text, at) => {
      expect(parseTtl(text, now)).toBe(at);
    });

    it.each([
      ['', 'invalid ttl "": must not be empty; expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)'],
      ['forever', 'invalid ttl "forever": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)'],
      ['P1Y', 'invalid ttl "P1Y": years and months have no fixed length; use weeks, days or smaller units'],
    ])('rejects %j', (text, message) => {
      expect(durationError(() => parseTtl(text, now)).message).toBe(message);
    });
  });

  describe('isDurationError()', () => {
    it('recognises a DurationError and nothing else', () => {
      expect(isDurationError(new DurationError('ttl', 'x', 'bad'))).toBe(true);
      expect(isDurationError(new Error('invalid ttl'))).toBe(false);
      expect(isDurationError(undefined)).toBe(false);
    });
  });
});
