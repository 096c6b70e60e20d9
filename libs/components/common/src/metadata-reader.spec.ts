import { isMetadataError } from './component-metadata';
import { MetadataReader } from './metadata-reader';

/** The MetadataError `work` throws, as its field and message. */
function metadataError(work: () => unknown): { field: string; message: string } | string {
  try {
    work();
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? { field: err.field, message: err.message } : String(err);
  }
}

describe('MetadataReader', () => {
  describe('constructor', () => {
    it('throws a MetadataError when two keys differ only in case', () => {
      expect(metadataError(() => new MetadataReader({ Host: 'a', host: 'b' }))).toEqual({
        field: 'host',
        message: 'metadata field "host": collides with "Host" (metadata names are case-insensitive)',
      });
    });
  });

  describe('.string()', () => {
    it.each([
      ['the exact key', { redisHost: 'h' }, 'h'],
      ['a key in another case', { REDISHOST: 'h' }, 'h'],
      ['the first alias present', { host: 'alias' }, 'alias'],
      ['the name over an alias', { host: 'alias', redisHost: 'name' }, 'name'],
      ['the fallback when absent', {}, 'fallback'],
      ['the fallback when blank', { redisHost: '  ' }, 'fallback'],
      ['an alias when the name is blank', { redisHost: '', host: 'alias' }, 'alias'],
    ])('returns %s', (_name, properties, expected) => {
      expect(new MetadataReader(properties).string('redisHost', 'fallback', 'host', 'address')).toBe(expected);
    });
  });

  describe('.requiredString()', () => {
    it('returns the value found through an alias', () => {
      expect(new MetadataReader({ Address: 'x' }).requiredString('redisHost', 'host', 'address')).toBe('x');
    });

    it('throws a MetadataError naming the field when absent', () => {
      expect(metadataError(() => new MetadataReader({ other: 'x' }).requiredString('redisHost', 'host'))).toEqual({ field: 'redisHost', message: 'metadata field "redisHost": is required' });
    });
  });

  describe('.int()', () => {
    it.each([
      ['42', 42],
      ['-3', -3],
      [' 7 ', 7],
      ['0', 0],
    ])('parses %j as %i', (value, expected) => {
      expect(new MetadataReader({ maxRetries: value }).int('maxRetries', 5)).toBe(expected);
    });

    it('returns the fallback when absent', () => {
      expect(new MetadataReader({}).int('maxRetries', 5)).toBe(5);
    });

    it('reads an alias', () => {
      expect(new MetadataReader({ retries: '9' }).int('maxRetries', 5, 'retries')).toBe(9);
    });

    it.each(['abc', '1.5', '1e3', '10s'])('throws a MetadataError naming the field for %j', (value) => {
      expect(metadataError(() => new MetadataReader({ maxRetries: value }).int('maxRetries', 5))).toEqual({ field: 'maxRetries', message: `metadata field "maxRetries": "${value}" is not an integer` });
    });
  });

  describe('.bool()', () => {
    it.each([
      ['true', true],
      ['True', true],
      ['1', true],
      ['yes', true],
      ['y', true],
      ['on', true],
      ['t', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['off', false],
      ['enabled', false],
    ])('parses %j as %j', (value, expected) => {
      expect(new MetadataReader({ enableTLS: value }).bool('enableTLS', !expected)).toBe(expected);
    });

    it.each([true, false])('returns the fallback %j when absent', (fallback) => {
      expect(new MetadataReader({}).bool('enableTLS', fallback)).toBe(fallback);
    });
  });

  describe('.duration()', () => {
    it.each([
      ['5s', 5000],
      ['300ms', 300],
      ['1m30s', 90_000],
      ['1.5h', 5_400_000],
      ['PT2S', 2000],
      ['pt1m', 60_000],
      ['10', 10_000],
      ['0', 0],
    ])('parses %j as %i ms', (value, expected) => {
      expect(new MetadataReader({ timeout: value }).duration('timeout', 1)).toBe(expected);
    });

    it('returns the fallback when absent', () => {
      expect(new MetadataReader({}).duration('timeout', 1234)).toBe(1234);
    });

    it.each(['abc', '5 seconds', '1.5'])('throws a MetadataError naming the field for %j', (value) => {
      expect(metadataError(() => new MetadataReader({ timeout: value }).duration('timeout', 1))).toEqual({
        field: 'timeout',
        message: `metadata field "timeout": "${value}" is not a duration (e.g. 5s, 1m30s, PT5S)`,
      });
    });
  });

  describe('.strictBool()', () => {
    it.each([
      ['true', true],
      ['Yes', true],
      [' on ', true],
      ['1', true],
      ['false', false],
      ['N', false],
      ['off', false],
      ['0', false],
      ['f', false],
    ])('parses %j as %j', (value, expected) => {
      expect(new MetadataReader({ enableTLS: value }).strictBool('enableTLS', !expected)).toBe(expected);
    });

    it('returns the fallback when absent and reads an alias', () => {
      expect([new MetadataReader({}).strictBool('enableTLS', true), new MetadataReader({ tls: 'no' }).strictBool('enableTLS', true, 'tls')]).toEqual([true, false]);
    });

    it.each(['enabled', 'ja', 'ture'])('throws a MetadataError naming the field for %j', (value) => {
      expect(metadataError(() => new MetadataReader({ enableTLS: value }).strictBool('enableTLS', false))).toEqual({
        field: 'enableTLS',
        message: `metadata field "enableTLS": "${value}" is not a boolean (use true or false)`,
      });
    });
  });

  describe('.durationOrDisabled()', () => {
    it.each([
      ['-1', undefined],
      [' -1 ', undefined],
      ['0', 0],
      ['2', 2000],
      ['250ms', 250],
    ])('parses %j as %j', (value, expected) => {
      expect(new MetadataReader({ readTimeout: value }).durationOrDisabled('readTimeout', 3000)).toBe(expected);
    });

    it('returns the fallback when absent', () => {
      expect(new MetadataReader({}).durationOrDisabled('readTimeout', 3000)).toBe(3000);
    });

    it('reads an alias, -1 included', () => {
      expect(new MetadataReader({ timeout: '-1' }).durationOrDisabled('readTimeout', 3000, 'timeout')).toBeUndefined();
    });

    it.each([
      ['-3s', 'must not be negative (use -1 to disable)'],
      ['-2', '"-2" is not a duration (e.g. 5s, 1m30s, PT5S)'],
      ['soon', '"soon" is not a duration (e.g. 5s, 1m30s, PT5S)'],
    ])('throws a MetadataError naming the field for %j', (value, message) => {
      expect(metadataError(() => new MetadataReader({ readTimeout: value }).durationOrDisabled('readTimeout', 3000))).toEqual({ field: 'readTimeout', message: `metadata field "readTimeout": ${message}` });
    });
  });
});
