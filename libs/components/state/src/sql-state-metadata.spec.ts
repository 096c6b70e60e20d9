import { isMetadataError, MetadataReader } from '@dapr-ts/components-common';
import { readCleanupInterval, readSignedDuration, readSqlName, readStateTableNames, type SqlNameRule } from './sql-state-metadata';

const rule: SqlNameRule = { pattern: /^[A-Za-z_]+$/, description: 'letters and _', foldsCase: true };
const reader = (properties: Record<string, string>): MetadataReader => new MetadataReader(properties);

/** `field: message` of the MetadataError `read` throws, or what happened instead. */
function errorOf(read: () => unknown): string {
  try {
    read();
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? `${err.field}: ${err.message}` : String(err);
  }
}

describe('readSqlName()', () => {
  it('returns the trimmed value, or the fallback when unset', () => {
    expect([readSqlName(reader({ schema: ' app ' }), 'schema', 'x', rule), readSqlName(reader({}), 'schema', 'dapr', rule)]).toEqual(['app', 'dapr']);
  });

  it('rejects a name the rule does not allow, naming the field and the rule', () => {
    expect(errorOf(() => readSqlName(reader({ schema: 'a;b' }), 'schema', 'x', rule))).toBe('schema: metadata field "schema": "a;b" is not a valid name (letters and _)');
  });
});

describe('readStateTableNames()', () => {
  const defaults = { tableName: 'state', metadataTableName: 'dapr_metadata' };

  it('applies the defaults, ignoring key case', () => {
    expect(readStateTableNames(reader({}), defaults, rule)).toEqual(defaults);
    expect(readStateTableNames(reader({ TABLENAME: 'orders' }), defaults, rule)).toEqual({ tableName: 'orders', metadataTableName: 'dapr_metadata' });
  });

  it('rejects one table for both, comparing case as the server does', () => {
    expect(errorOf(() => readStateTableNames(reader({ tableName: 'same', metadataTableName: 'SAME' }), defaults, rule))).toBe('metadataTableName: metadata field "metadataTableName": must differ from tableName ("same")');
    expect(readStateTableNames(reader({ tableName: 'same', metadataTableName: 'SAME' }), defaults, { ...rule, foldsCase: false }).metadataTableName).toBe('SAME');
  });

  it('names the field that breaks the rule', () => {
    expect(errorOf(() => readStateTableNames(reader({ metadataTableName: 'md-table' }), defaults, rule))).toMatch(/^metadataTableName: /);
  });
});

describe('readSignedDuration()', () => {
  it.each([
    ['90', 90_000],
    ['-2', -2000],
    ['1m30s', 90_000],
    ['-1s', -1000],
    ['PT5S', 5000],
  ])('reads %j as %d ms', (value, ms) => {
    expect(readSignedDuration(reader({ busyTimeout: value }), 'busyTimeout', 7)).toBe(ms);
  });

  it('falls back when unset or blank, and reads aliases', () => {
    expect([readSignedDuration(reader({}), 'busyTimeout', 7), readSignedDuration(reader({ busyTimeout: ' ' }), 'busyTimeout', 7), readSignedDuration(reader({ old: '3' }), 'busyTimeout', 7, 'old')]).toEqual([7, 7, 3000]);
  });

  it('rejects what is not a duration, naming the field', () => {
    expect(errorOf(() => readSignedDuration(reader({ busyTimeout: 'soon' }), 'busyTimeout', 0))).toBe('busyTimeout: metadata field "busyTimeout": "soon" is not a duration (e.g. 500ms, 30s, 1h, or whole seconds)');
  });
});

describe('readCleanupInterval()', () => {
  it('reads a duration or seconds, and the legacy cleanupIntervalInSeconds', () => {
    expect([readCleanupInterval(reader({ cleanupInterval: '10m' }), 1), readCleanupInterval(reader({ cleanupIntervalInSeconds: '120' }), 1)]).toEqual([600_000, 120_000]);
  });

  it('uses the store’s default when unset', () => {
    expect([readCleanupInterval(reader({}), 3_600_000), readCleanupInterval(reader({}), 0)]).toEqual([3_600_000, undefined]);
  });

  it.each(['0', '-1', '-5m', '0s'])('disables the sweep for %j', (cleanupInterval) => {
    expect(readCleanupInterval(reader({ cleanupInterval }), 3_600_000)).toBeUndefined();
  });

  it('rejects what is not a duration, naming cleanupInterval', () => {
    expect(errorOf(() => readCleanupInterval(reader({ cleanupInterval: 'hourly' }), 0))).toMatch(/^cleanupInterval: /);
  });
});
