import { formatGoDuration, parseDuration, parseGoDuration, parseIsoDuration } from './duration';
import { parseByteSize } from './byte-size';
import { isTruthy } from './truthy';
import { runAll } from './runner';

describe('parseGoDuration()', () => {
  it.each([
    ['2s', 2000],
    ['1h2m', 3_720_000],
    ['1.5s', 1500],
    ['300ms', 300],
    ['-1m', -60_000],
    ['0', 0],
    ['1h0m0s', 3_600_000],
  ])('parses %s as %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(['', 'abc', '5', '1d', '2s3'])('rejects %p', (text) => expect(() => parseGoDuration(text)).toThrow('invalid duration'));
});

describe('parseIsoDuration()', () => {
  it.each([
    ['PT2S', 2000],
    ['pt2s', 2000],
    ['P1DT2H', 26 * 3_600_000],
    ['PT1M30S', 90_000],
    ['p1d', 86_400_000],
  ])('parses %s as %d ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['P', 'PT', 'P1X', '2s'])('rejects %p', (text) => expect(() => parseIsoDuration(text)).toThrow('invalid ISO 8601'));
});

describe('parseDuration()', () => {
  it('accepts both forms', () => {
    expect(parseDuration('PT5S')).toBe(5000);
    expect(parseDuration('5s')).toBe(5000);
  });
});

describe('formatGoDuration()', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [3_723_000, '1h2m3s'],
    [90_000, '1m30s'],
  ])('formats %d as %s', (ms, text) => expect(formatGoDuration(ms)).toBe(text));
});

describe('parseByteSize()', () => {
  it.each([
    ['4Mi', 4 * 1024 * 1024],
    ['512Ki', 512 * 1024],
    ['1G', 1e9],
    ['1024', 1024],
  ])('parses %s', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));
  it('rejects garbage', () => expect(() => parseByteSize('4 megs')).toThrow('invalid size "4 megs"'));
});

describe('isTruthy()', () => {
  it.each(['true', 'Y', 'on', '1', ' yes '])('%p is truthy', (v) => expect(isTruthy(v)).toBe(true));
  it.each(['false', '0', '', undefined, 'nope'])('%p is falsy', (v) => expect(isTruthy(v)).toBe(false));
});

describe('runAll()', () => {
  it('stops every runner when one stops, and rethrows its error', async () => {
    const stopped: string[] = [];
    const waiter = (name: string) => (signal: AbortSignal) =>
      new Promise<void>((resolve) => signal.addEventListener('abort', () => (stopped.push(name), resolve())));
    const failing = async (): Promise<void> => {
      throw new Error('boom');
    };
    await expect(runAll([waiter('a'), failing, waiter('b')], new AbortController().signal)).rejects.toThrow('boom');
    expect(stopped.sort()).toEqual(['a', 'b']);
  });

  it('stops when the parent aborts', async () => {
    const parent = new AbortController();
    const done = runAll([(s) => new Promise((r) => s.addEventListener('abort', () => r()))], parent.signal);
    parent.abort();
    await expect(done).resolves.toBeUndefined();
  });
});
