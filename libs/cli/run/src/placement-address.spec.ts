import { normalizePlacementAddress, resolvePlacementAddress } from './placement-address';

describe('placement address', () => {
  describe('normalizePlacementAddress()', () => {
    it.each([
      ['localhost', 'localhost:50005'],
      ['127.0.0.1:6050', '127.0.0.1:6050'],
      [' a , b:1 ,', 'a:50005,b:1'],
      ['', ''],
      ['  ', ''],
    ])('returns %j as %j', (raw, expected) => {
      expect(normalizePlacementAddress(raw)).toBe(expected);
    });
  });

  describe('resolvePlacementAddress()', () => {
    it('returns the given address over the recorded one', () => {
      expect(resolvePlacementAddress('host:1', 'localhost:50005')).toBe('host:1');
    });

    it('returns the recorded address when none is given', () => {
      expect(resolvePlacementAddress(undefined, 'localhost:50005')).toBe('localhost:50005');
      expect(resolvePlacementAddress(undefined, undefined)).toBeUndefined();
    });

    it('returns undefined (no placement) for a blank address, even with one recorded', () => {
      expect(resolvePlacementAddress(' ', 'localhost:50005')).toBeUndefined();
    });
  });
});
