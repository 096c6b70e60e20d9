import { metadataErrorField } from '@dapr-ts/conformance';
import { parseSqliteConnectionString } from './sqlite-connection-string';
import { parseSqliteStateMetadata } from './sqlite-state-metadata';

describe('parseSqliteStateMetadata()', () => {
  it('returns Dapr’s defaults when only connectionString is set', () => {
    expect(parseSqliteStateMetadata({ connectionString: 'data.db' })).toEqual({
      connection: { path: 'data.db', inMemory: false, readOnly: false, mustExist: false, pragmas: [], busyTimeoutMs: undefined },
      tableName: 'state',
      metadataTableName: 'metadata',
      timeoutMs: 20_000,
      busyTimeoutMs: 2000,
      disableWAL: false,
      cleanupIntervalMs: undefined,
      actorStateStore: false,
    });
  });

  it('reads every supported field, ignoring key case', () => {
    expect(
      parseSqliteStateMetadata({
        URL: '/var/lib/dapr/state.db',
        tablename: 'app_state',
        metadataTableName: 'app_md',
        timeoutInSeconds: '30',
        busyTimeout: '500ms',
        disableWAL: 'true',
        cleanupIntervalInSeconds: '3600',
        actorStateStore: 'true',
      }),
    ).toMatchObject({
      connection: { path: '/var/lib/dapr/state.db' },
      tableName: 'app_state',
      metadataTableName: 'app_md',
      timeoutMs: 30_000,
      busyTimeoutMs: 500,
      disableWAL: true,
      cleanupIntervalMs: 3_600_000,
      actorStateStore: true,
    });
  });

  it('takes busy_timeout from the connection string unless busyTimeout is set', () => {
    expect(parseSqliteStateMetadata({ connectionString: 'file:data.db?_pragma=busy_timeout(5000)' }).busyTimeoutMs).toBe(5000);
    expect(parseSqliteStateMetadata({ connectionString: 'file:data.db?_pragma=busy_timeout(5000)', busyTimeout: '1s' }).busyTimeoutMs).toBe(1000);
  });

  it.each(['0', '-1s'])('does not wait for the lock when busyTimeout is %j', (busyTimeout) => {
    expect(parseSqliteStateMetadata({ connectionString: 'data.db', busyTimeout }).busyTimeoutMs).toBe(0);
  });

  it.each(['0', '-1', '-5m'])('disables cleanup when cleanupInterval is %j', (cleanupInterval) => {
    expect(parseSqliteStateMetadata({ connectionString: 'data.db', cleanupInterval }).cleanupIntervalMs).toBeUndefined();
  });

  it.each<[string, Record<string, string>]>([
    ['connectionString', {}],
    ['connectionString', { connectionString: 'data.db?mode=rwx' }],
    ['connectionString', { connectionString: 'data.db?_pragma=journal_mode(WAL)' }],
    ['connectionString', { connectionString: 'data.db?_pragma=locking_mode(EXCLUSIVE)' }],
    ['connectionString', { connectionString: 'data.db?_pragma=busy_timeout(soon)' }],
    ['connectionString', { connectionString: 'data.db?_pragma=synchronous(FULL);DROP' }],
    ['connectionString', { connectionString: 'file://db.example/data.db' }],
    ['tableName', { connectionString: 'data.db', tableName: 'main.state' }],
    ['metadataTableName', { connectionString: 'data.db', metadataTableName: 'md-table' }],
    ['metadataTableName', { connectionString: 'data.db', tableName: 'same', metadataTableName: 'SAME' }],
    ['timeout', { connectionString: 'data.db', timeout: '500ms' }],
    ['timeout', { connectionString: 'data.db', timeout: 'soon' }],
    ['busyTimeout', { connectionString: 'data.db', busyTimeout: 'soon' }],
    ['cleanupInterval', { connectionString: 'data.db', cleanupInterval: 'hourly' }],
    ['disableWAL', { connectionString: 'data.db', disableWAL: 'maybe' }],
    ['actorStateStore', { connectionString: 'data.db', actorStateStore: 'ja' }],
  ])('throws a MetadataError naming %s', (field, properties) => {
    expect(metadataErrorField(() => parseSqliteStateMetadata(properties))).toBe(field);
  });
});

describe('parseSqliteConnectionString()', () => {
  it.each([':memory:', 'file::memory:', 'file::memory:?cache=shared', 'data.db?mode=memory'])('opens %j in memory', (value) => {
    expect(parseSqliteConnectionString(value)).toMatchObject({ path: ':memory:', inMemory: true, readOnly: false });
  });

  it('decodes file: URIs, absolute and with an empty or localhost authority', () => {
    expect(parseSqliteConnectionString('file:data.db').path).toBe('data.db');
    expect(parseSqliteConnectionString('file:///var/lib/my%20state.db').path).toBe('/var/lib/my state.db');
    expect(parseSqliteConnectionString('file://localhost/var/data.db').path).toBe('/var/data.db');
  });

  it('reads mode, immutable and pragmas, tolerating _txlock and cache', () => {
    expect(parseSqliteConnectionString('file:data.db?mode=ro&_txlock=immediate&cache=private&_pragma=synchronous(NORMAL)&_pragma=cache_size=-4000')).toEqual({
      path: 'data.db',
      inMemory: false,
      readOnly: true,
      mustExist: false,
      pragmas: [
        { name: 'synchronous', value: 'NORMAL' },
        { name: 'cache_size', value: '-4000' },
      ],
      busyTimeoutMs: undefined,
    });
    expect(parseSqliteConnectionString('data.db?immutable=1').readOnly).toBe(true);
    expect(parseSqliteConnectionString('data.db?mode=rw').mustExist).toBe(true);
  });
});
