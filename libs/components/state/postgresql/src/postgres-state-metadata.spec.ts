import { metadataErrorField } from '@dapr-ts/conformance';
import { parsePostgresConnectionString } from './postgres-connection-string';
import { parsePostgresStateMetadata } from './postgres-state-metadata';
import { testPostgresUrl } from './postgres-test-database';

const keywords = 'host=localhost user=postgres password=example port=5432 connect_timeout=10 database=my_dapr';

describe('parsePostgresStateMetadata()', () => {
  it('returns Dapr’s defaults when only connectionString is set', () => {
    expect(parsePostgresStateMetadata({ connectionString: 'postgres://u@db:5433/app' })).toEqual({
      connection: { pool: { connectionString: 'postgres://u@db:5433/app' }, where: 'db:5433/app', connectTimeoutMs: undefined },
      tableName: 'state',
      metadataTableName: 'dapr_metadata',
      timeoutMs: 20_000,
      cleanupIntervalMs: 3_600_000,
      maxConns: undefined,
      connectionMaxIdleTimeMs: undefined,
      queryExecMode: undefined,
      actorStateStore: false,
    });
  });

  it('reads every supported field, ignoring key case', () => {
    const md = parsePostgresStateMetadata({
      CONNECTIONSTRING: keywords,
      tablename: 'app.state_v1',
      metadataTableName: 'app.dapr_md',
      timeout: '30',
      cleanupInterval: '10m',
      maxConns: '7',
      connectionMaxIdleTime: '5m',
      queryExecMode: 'simple_protocol',
      actorStateStore: 'true',
    });
    expect(md).toMatchObject({
      tableName: 'app.state_v1',
      metadataTableName: 'app.dapr_md',
      timeoutMs: 30_000,
      cleanupIntervalMs: 600_000,
      maxConns: 7,
      connectionMaxIdleTimeMs: 300_000,
      queryExecMode: 'simple_protocol',
      actorStateStore: true,
    });
  });

  it.each(['0', '-1', '-5m', '0s'])('disables cleanup when cleanupInterval is %j', (cleanupInterval) => {
    expect(parsePostgresStateMetadata({ connectionString: keywords, cleanupInterval }).cleanupIntervalMs).toBeUndefined();
  });

  it('accepts the legacy cleanupIntervalInSeconds', () => {
    expect(parsePostgresStateMetadata({ connectionString: keywords, cleanupIntervalInSeconds: '120' }).cleanupIntervalMs).toBe(120_000);
  });

  it('takes the pool size from pool_max_conns in the connection string unless maxConns is set', () => {
    expect(parsePostgresStateMetadata({ connectionString: `${keywords} pool_max_conns=12` }).maxConns).toBe(12);
    expect(parsePostgresStateMetadata({ connectionString: `${keywords} pool_max_conns=12`, maxConns: '3' }).maxConns).toBe(3);
  });

  it.each<[string, Record<string, string>]>([
    ['connectionString', {}],
    ['connectionString', { connectionString: 'host=localhost port=abc' }],
    ['connectionString', { connectionString: 'host=localhost unknown=1' }],
    ['connectionString', { connectionString: "host='unterminated" }],
    ['connectionString', { connectionString: 'just words' }],
    ['connectionString', { connectionString: 'host=localhost sslmode=sometimes' }],
    ['connectionString', { connectionString: 'host=a,b' }],
    ['connectionString', { connectionString: 'host=localhost sslmode=verify-full sslrootcert=/no/such/ca.pem' }],
    ['tableName', { connectionString: keywords, tableName: 'state; DROP TABLE x' }],
    ['metadataTableName', { connectionString: keywords, metadataTableName: 'a.b.c' }],
    ['metadataTableName', { connectionString: keywords, tableName: 'same', metadataTableName: 'SAME' }],
    ['timeout', { connectionString: keywords, timeout: 'soon' }],
    ['timeout', { connectionString: keywords, timeout: '0' }],
    ['cleanupInterval', { connectionString: keywords, cleanupInterval: 'hourly' }],
    ['maxConns', { connectionString: keywords, maxConns: '-1' }],
    ['connectionMaxIdleTime', { connectionString: keywords, connectionMaxIdleTime: 'long' }],
    ['queryExecMode', { connectionString: keywords, queryExecMode: 'fast' }],
    ['actorStateStore', { connectionString: keywords, actorStateStore: 'ja' }],
    ['useAzureAD', { connectionString: keywords, useAzureAD: 'true' }],
  ])('throws a MetadataError naming %s', (field, properties) => {
    expect(metadataErrorField(() => parsePostgresStateMetadata(properties))).toBe(field);
  });
});

describe('parsePostgresConnectionString()', () => {
  it('converts the keyword form of Dapr’s docs into pg settings', () => {
    expect(parsePostgresConnectionString(keywords)).toEqual({
      pool: { host: 'localhost', port: 5432, user: 'postgres', password: 'example', database: 'my_dapr', ssl: false },
      where: 'localhost:5432/my_dapr',
      connectTimeoutMs: 10_000,
    });
  });

  it('accepts dbname, hostaddr, application_name and options', () => {
    expect(parsePostgresConnectionString('hostaddr=10.0.0.5 dbname=d application_name=dapr options=-cstatement_timeout=0').pool).toEqual({
      host: '10.0.0.5',
      database: 'd',
      application_name: 'dapr',
      options: '-cstatement_timeout=0',
      ssl: false,
    });
  });

  it.each([
    ['disable', false],
    ['prefer', false],
    ['require', { rejectUnauthorized: false }],
  ])('maps sslmode=%s to pg’s ssl option', (mode, ssl) => {
    expect(parsePostgresConnectionString(`host=h sslmode=${mode}`).pool.ssl).toEqual(ssl);
  });

  it('verifies the server for verify-full', () => {
    expect(parsePostgresConnectionString('host=h sslmode=verify-full').pool.ssl).toEqual({ rejectUnauthorized: true });
  });

  it('leaves the URL form to pg, describing it without the password', () => {
    const parsed = parsePostgresConnectionString('postgresql://user:s3cret@db.example:6543/app?sslmode=require&connect_timeout=3');
    expect(parsed).toEqual({ pool: { connectionString: 'postgresql://user:s3cret@db.example:6543/app?sslmode=require&connect_timeout=3' }, where: 'db.example:6543/app', connectTimeoutMs: 3000 });
  });

  it('describes the test server URL', () => {
    const url = new URL(testPostgresUrl({}));
    expect(parsePostgresConnectionString(url.href).where).toBe('127.0.0.1:5432/test');
  });
});
