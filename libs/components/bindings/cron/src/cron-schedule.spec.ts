import { Cron } from 'croner';
import { parseCronSchedule } from './cron-schedule';

/** The next `n` fire times of a parsed cron schedule after `from`, as ISO strings. */
function nextRuns(schedule: string, from: string, n: number): string[] {
  const parsed = parseCronSchedule(schedule);
  if (parsed.kind !== 'cron') throw new Error(`expected a cron schedule, got ${parsed.kind}`);
  const job = new Cron(parsed.pattern, { paused: true, mode: '5-or-6-parts', ...(parsed.timeZone ? { timezone: parsed.timeZone } : {}) });
  try {
    return job.nextRuns(n, new Date(from)).map((date) => date.toISOString());
  } finally {
    job.stop();
  }
}

describe('parseCronSchedule', () => {
  describe('@every', () => {
    it.each([
      ['@every 10s', 10_000],
      ['@every 1m30s', 90_000],
      ['@every 1h', 3_600_000],
      ['  @every 2s  ', 2_000],
      ['@every 1500ms', 1_000],
      ['@every 100ms', 1_000],
    ])('returns an interval for %j of %i ms (whole seconds, at least 1s)', (schedule, intervalMs) => {
      expect(parseCronSchedule(schedule)).toEqual({ kind: 'every', intervalMs });
    });
  });

  describe('cron expressions', () => {
    it('reads 6 fields as starting with seconds', () => {
      expect(nextRuns('*/5 * * * * *', '2024-01-01T00:00:00Z', 3)).toEqual(['2024-01-01T00:00:05.000Z', '2024-01-01T00:00:10.000Z', '2024-01-01T00:00:15.000Z']);
    });

    it('reads 5 fields as standard cron firing on the minute', () => {
      expect(nextRuns('*/15 * * * *', '2024-01-01T00:00:00Z', 2)).toEqual(['2024-01-01T00:15:00.000Z', '2024-01-01T00:30:00.000Z']);
    });

    it('reads a lone ? as a wildcard', () => {
      expect(parseCronSchedule('0 0 12 ? * MON')).toEqual({ kind: 'cron', pattern: '0 0 12 * * MON' });
    });

    it('accepts 7 as Sunday', () => {
      expect(nextRuns('0 0 * * 7', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-01-07T00:00:00.000Z']);
    });

    it('takes the zone from a CRON_TZ= prefix', () => {
      expect(parseCronSchedule('CRON_TZ=America/New_York 0 30 04 * * *')).toEqual({ kind: 'cron', pattern: '0 30 04 * * *', timeZone: 'America/New_York' });
      // 04:30 in New York in January is 09:30 UTC.
      expect(nextRuns('CRON_TZ=America/New_York 0 30 04 * * *', '2024-01-01T00:00:00Z', 1)).toEqual(['2024-01-01T09:30:00.000Z']);
    });

    it('takes the zone from a TZ= prefix', () => {
      expect(parseCronSchedule('TZ=Europe/Berlin 0 0 * * *')).toEqual({ kind: 'cron', pattern: '0 0 * * *', timeZone: 'Europe/Berlin' });
    });
  });

  describe('descriptors', () => {
    it.each([
      ['@yearly', '2025-01-01T00:00:00.000Z'],
      ['@annually', '2025-01-01T00:00:00.000Z'],
      ['@monthly', '2024-07-01T00:00:00.000Z'],
      ['@weekly', '2024-06-16T00:00:00.000Z'],
      ['@daily', '2024-06-13T00:00:00.000Z'],
      ['@midnight', '2024-06-13T00:00:00.000Z'],
      ['@hourly', '2024-06-12T11:00:00.000Z'],
      ['@DAILY', '2024-06-13T00:00:00.000Z'],
    ])('runs %s next at %s after Wednesday 2024-06-12 10:20 UTC', (schedule, next) => {
      expect(nextRuns(`CRON_TZ=UTC ${schedule}`, '2024-06-12T10:20:00Z', 1)).toEqual([next]);
    });
  });

  describe('invalid schedules', () => {
    it.each([
      ['an empty string', '', 'expected 5 or 6 fields, got 0'],
      ['a word', 'bogus', 'expected 5 or 6 fields, got 1'],
      ['4 fields', '* * * *', 'expected 5 or 6 fields, got 4'],
      ['7 fields (years)', '0 0 0 1 1 * 2030', 'expected 5 or 6 fields, got 7'],
      ['an ISO date', '2030-01-01T00:00:00', 'expected 5 or 6 fields, got 1'],
      ['an unknown descriptor', '@reboot', 'unknown descriptor (use @every <duration> or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)'],
      ['@every without a duration', '@every', 'unknown descriptor (use @every <duration> or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)'],
      ['@every with a bad duration', '@every 10', '"10" is not a duration (e.g. 10s, 1m30s)'],
      ['@every with a zero duration', '@every 0s', 'the @every interval must be positive'],
      ['@every with a negative duration', '@every -5s', 'the @every interval must be positive'],
      ['a date that never comes', '0 0 30 2 *', 'it never fires'],
    ])('throws a MetadataError naming schedule for %s', (_what, schedule, why) => {
      expect(() => parseCronSchedule(schedule)).toThrow(
        expect.objectContaining({ name: 'MetadataError', field: 'schedule', message: `metadata field "schedule": "${schedule}" is not a valid schedule: ${why}` }),
      );
    });

    it.each([
      ['an out-of-range minute', '0 61 * * * *'],
      ['an unknown zone', 'CRON_TZ=Nowhere/Land 0 0 * * *'],
      ['letters in a field', '0 0 x * * *'],
    ])('throws a MetadataError naming schedule for %s', (_what, schedule) => {
      expect(() => parseCronSchedule(schedule)).toThrow(expect.objectContaining({ name: 'MetadataError', field: 'schedule' }));
    });
  });
});
