import { optionsOf } from './options-of';

describe('optionsOf()', () => {
  it('returns the options of a command line that runs', () => {
    expect(optionsOf({ kind: 'run', options: { port: 1 } })).toEqual({ port: 1 });
  });

  it.each(['help', 'version'] as const)('throws for %s', (kind) => {
    expect(() => optionsOf(kind === 'help' ? { kind, text: 'usage' } : { kind })).toThrow(`expected options to run with, got ${kind}`);
  });
});
