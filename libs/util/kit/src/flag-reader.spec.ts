import { parseGoDuration } from './duration';
import { FlagReader } from './flag-reader';
import { FlagError } from './flags';

describe('FlagReader', () => {
  describe('.string()', () => {
    it('trims, and reads blank or absent as undefined', () => {
      const flags = new FlagReader({ id: '  a  ', blank: ' ', count: 3 });
      expect([flags.string('id'), flags.string('blank'), flags.string('none'), flags.string('count')]).toEqual(['a', undefined, undefined, undefined]);
    });
  });

  describe('.oneOf()', () => {
    it('lower-cases the value and falls back when absent', () => {
      const flags = new FlagReader({ mode: 'Kubernetes' });
      expect([flags.oneOf('mode', ['standalone', 'kubernetes'], 'standalone'), flags.oneOf('other', ['a', 'b'], 'b')]).toEqual(['kubernetes', 'b']);
    });

    it('rejects a value outside the list, naming the flag and the choices', () => {
      expect(() => new FlagReader({ mode: 'cloud' }).oneOf('mode', ['standalone', 'kubernetes'], 'standalone')).toThrow(
        new FlagError('invalid value "cloud" for flag --mode: must be one of standalone, kubernetes'),
      );
    });
  });

  describe('.port()', () => {
    it('reads int and string flags, falling back when absent or blank', () => {
      const flags = new FlagReader({ grpc: 50005, http: ' 3500 ', blank: '' });
      expect([flags.port('grpc', 1), flags.port('http'), flags.port('blank', 9090), flags.port('none')]).toEqual([50005, 3500, 9090, undefined]);
    });

    it.each<[string | number, string]>([
      [70000, '70000'],
      [-1, '-1'],
      ['x', 'x'],
      ['65536', '65536'],
    ])('rejects %p', (value, shown) => {
      expect(() => new FlagReader({ port: value }).port('port', 1)).toThrow(new FlagError(`invalid value "${shown}" for flag --port: must be a port number between 0 and 65535`));
    });
  });

  describe('.int()', () => {
    it('reads the value or the fallback and enforces the minimum', () => {
      const flags = new FlagReader({ n: 4, low: 0 });
      expect([flags.int('n', 1, 1), flags.int('none', 5, 1)]).toEqual([4, 5]);
      expect(() => flags.int('low', 1, 1)).toThrow(new FlagError('invalid value "0" for flag --low: must be >= 1'));
    });
  });

  describe('.duration()', () => {
    it('parses Go and ISO 8601 durations by default, and falls back when absent', () => {
      const flags = new FlagReader({ a: '1m30s', b: 'PT2S' });
      expect([flags.duration('a', 1, { example: '30s' }), flags.duration('b', 1, { example: '30s' }), flags.duration('c', 7, { example: '30s' })]).toEqual([90_000, 2000, 7]);
    });

    it('uses the given parser, naming the example when the text is no duration', () => {
      expect(() => new FlagReader({ t: 'PT2S' }).duration('t', 1, { example: '8s or 500ms', parse: parseGoDuration })).toThrow(
        new FlagError('invalid value "PT2S" for flag --t: must be a duration such as 8s or 500ms'),
      );
    });

    it('rejects a duration that is not greater than 0', () => {
      expect(() => new FlagReader({ t: '0s' }).duration('t', 1, { example: '8s' })).toThrow(new FlagError('invalid value "0s" for flag --t: must be greater than 0'));
    });
  });

  describe('.csv(), .list(), .bool(), .number()', () => {
    it('reads each kind, and nothing of another kind', () => {
      const flags = new FlagReader({ addrs: ' a, ,b ', paths: ['./x', './y'], json: false, n: 2 });
      expect([flags.csv('addrs'), flags.csv('none'), flags.list('paths'), flags.list('addrs'), flags.bool('json'), flags.bool('n'), flags.number('n'), flags.number('json')]).toEqual([
        ['a', 'b'],
        [],
        ['./x', './y'],
        [],
        false,
        undefined,
        2,
        undefined,
      ]);
    });
  });
});
