import { isDurationError } from './duration-error';
import { validateSchedule } from './schedule';

const now = new Date('2026-11-23T10:00:00.000Z');
const at = (offsetMs: number): number => now.getTime() + offsetMs;

describe('validateSchedule()', () => {
  it.each([
    [{}, { dueInMs: 0 }],
    [{ dueTime: '', period: '', ttl: '' }, { dueInMs: 0 }],
    [{ dueTime: '2s' }, { dueInMs: 2000 }],
    [{ period: '1s' }, { dueInMs: 0, intervalMs: 1000 }],
    [{ dueTime: 'PT1S', period: 'R5/PT2S' }, { dueInMs: 1000, intervalMs: 2000, repetitions: 5 }],
    [{ period: '0s' }, { dueInMs: 0 }],
    [{ period: 'R3/0s' }, { dueInMs: 0 }],
    [{ dueTime: '1s', period: '1s', ttl: '10s' }, { dueInMs: 1000, intervalMs: 1000, expiresAt: at(10_000) }],
    [{ dueTime: '2026-11-23T10:00:03Z', ttl: '2026-11-23T10:00:04Z' }, { dueInMs: 3000, expiresAt: at(4000) }],
  ])('normalises %j', (input, schedule) => {
    expect(validateSchedule(input, now)).toEqual(schedule);
  });

  it.each([
    [{ dueTime: '5s', ttl: '3s' }, 'invalid ttl "3s": expires at 2026-11-23T10:00:03.000Z, not after the first fire at 2026-11-23T10:00:05.000Z'],
    [{ dueTime: '5s', ttl: '5s' }, 'invalid ttl "5s": expires at 2026-11-23T10:00:05.000Z, not after the first fire at 2026-11-23T10:00:05.000Z'],
    [{ ttl: '2020-01-01T00:00:00Z' }, 'invalid ttl "2020-01-01T00:00:00Z": expires at 2020-01-01T00:00:00.000Z, not after the first fire at 2026-11-23T10:00:00.000Z'],
    [{ dueTime: 'x' }, 'invalid dueTime "x": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or an RFC 3339 time (2026-11-23T10:00:00Z)'],
    [{ period: 'R0/1s' }, 'invalid period "R0/1s": repetitions must be at least 1'],
  ])('rejects %j', (input, message) => {
    let caught: unknown;
    try {
      validateSchedule(input, now);
    } catch (err) {
      caught = err;
    }
    expect(isDurationError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});
