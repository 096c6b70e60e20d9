import { goDurationOfNanos, OperationTiming } from './operation-timing';

describe('goDurationOfNanos', () => {
  it.each([
    [0n, '0ns'],
    [850n, '850ns'],
    [1_500n, '1.5µs'],
    [1_234_567n, '1.234567ms'],
    [2_000_000n, '2ms'],
    [1_500_000_000n, '1.5s'],
    [61_000_000_000n, '1m1s'],
  ])('formats %s ns as %s, as Go does', (ns, text) => {
    expect(goDurationOfNanos(ns)).toBe(text);
  });
});

describe('OperationTiming', () => {
  it('reports RFC 3339 UTC start and end times, start not after end', () => {
    const times = new OperationTiming().finish();
    expect(Object.keys(times)).toEqual(['start-time', 'end-time', 'duration']);
    expect(times['start-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(times['start-time'] ?? '')).toBeLessThanOrEqual(Date.parse(times['end-time'] ?? ''));
  });
});
