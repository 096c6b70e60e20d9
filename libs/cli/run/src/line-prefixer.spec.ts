import { LinePrefixer } from './line-prefixer';

describe('LinePrefixer', () => {
  describe('.push()', () => {
    it('writes whole lines with the prefix, holding a partial line until its end arrives', () => {
      const out: string[] = [];
      const prefixer = new LinePrefixer('== APP == ', { write: (t: string) => out.push(t) });
      prefixer.push('one\ntw');
      expect(out).toEqual(['== APP == one\n']);
      prefixer.push('o\r\nthree');
      expect(out).toEqual(['== APP == one\n', '== APP == two\n']);
    });
  });

  describe('.flush()', () => {
    it('writes the pending partial line once', () => {
      const out: string[] = [];
      const prefixer = new LinePrefixer('== DAPR == ', { write: (t: string) => out.push(t) });
      prefixer.push('last');
      prefixer.flush();
      prefixer.flush();
      expect(out).toEqual(['== DAPR == last\n']);
    });
  });
});
