import { FlagError, parseFlags, type FlagSpec } from './flags';

const specs: Record<string, FlagSpec> = {
  'app-id': { type: 'string', usage: 'id' },
  'app-port': { type: 'int', usage: 'port' },
  'log-as-json': { type: 'bool', usage: 'json' },
  'resources-path': { type: 'list', usage: 'paths', aliases: ['components-path'] },
};

describe('parseFlags()', () => {
  it('accepts double and single dash, = and separate values', () => {
    const { values } = parseFlags(['--app-id', 'a', '-app-port=3000', '--log-as-json'], specs);
    expect(values).toEqual({ 'app-id': 'a', 'app-port': 3000, 'log-as-json': true });
  });

  it('collects repeated and comma-separated list values, through aliases', () => {
    const { values } = parseFlags(['--resources-path', './a,./b', '--components-path=./c'], specs);
    expect(values['resources-path']).toEqual(['./a', './b', './c']);
  });

  it('reads explicit booleans', () => {
    expect(parseFlags(['--log-as-json=false'], specs).values['log-as-json']).toBe(false);
  });

  it('returns the arguments after --', () => {
    expect(parseFlags(['--app-id', 'x', '--', 'node', 'app.js'], specs).rest).toEqual(['node', 'app.js']);
  });

  it.each([
    [['--nope'], 'unknown flag: --nope'],
    [['--app-port', 'abc'], 'invalid value "abc" for flag --app-port: must be an integer'],
    [['--app-id'], 'flag needs an argument: --app-id'],
    [['--log-as-json=maybe'], 'invalid value "maybe" for flag --log-as-json: must be true or false'],
  ])('rejects %p with a clear message', (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(new FlagError(message));
  });
});
