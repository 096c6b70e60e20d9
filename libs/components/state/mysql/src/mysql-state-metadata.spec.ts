import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metadataErrorField } from '@dapr-ts/conformance';
import { parseMySqlConnectionString } from './mysql-connection-string';
import { parseMySqlStateMetadata } from './mysql-state-metadata';

const dsn = 'dapr:s3cret@tcp(db.local:3307)/?allowNativePasswords=true';
const pem = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n';

describe('parseMySqlStateMetadata()', () => {
  it('returns Dapr’s defaults when only connectionString is set', () => {
    expect(parseMySqlStateMetadata({ connectionString: dsn })).toEqual({
      connection: { host: 'db.local', port: 3307, user: 'dapr', password: 's3cret', tls: 'disabled', sessionVariables: {}, where: 'db.local:3307' },
      schemaName: 'dapr_state_store',
      tableName: 'state',
      metadataTableName: 'dapr_metadata',
      timeoutMs: 20_000,
      cleanupIntervalMs: 3_600_000,
      caPem: undefined,
      maxOpenConns: undefined,
      maxIdleConns: undefined,
      connMaxLifetimeMs: undefined,
      connMaxIdleTimeMs: undefined,
      actorStateStore: false,
    });
  });

  it('reads every supported field, ignoring key case', () => {
    const md = parseMySqlStateMetadata({
      CONNECTIONSTRING: dsn,
      schemaname: 'app_state',
      tableName: 'state_v1',
      metadataTableName: 'dapr_md',
      timeoutInSeconds: '30',
      cleanupInterval: '10m',
      pemContents: pem,
      maxOpenConns: '7',
      maxIdleConns: '2',
      connMaxLifetime: '1h',
      connMaxIdleTime: '5m',
      actorStateStore: 'true',
    });
    expect(md).toMatchObject({
      schemaName: 'app_state',
      tableName: 'state_v1',
      metadataTableName: 'dapr_md',
      timeoutMs: 30_000,
      cleanupIntervalMs: 600_000,
      caPem: pem,
      maxOpenConns: 7,
      maxIdleConns: 2,
      connMaxLifetimeMs: 3_600_000,
      connMaxIdleTimeMs: 300_000,
      actorStateStore: true,
    });
  });

  it('reads the CA from pemPath, which a custom TLS DSN needs', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mysql-pem-')), 'ca.pem');
    writeFileSync(path, pem);
    const md = parseMySqlStateMetadata({ connectionString: `${dsn}&tls=custom`, pemPath: path });
    expect([md.connection.tls, md.caPem]).toEqual(['custom', pem]);
  });

  it('uses the database named in the connection string when schemaName is unset', () => {
    expect(parseMySqlStateMetadata({ connectionString: 'root:@tcp(h:3306)/orders' }).schemaName).toBe('orders');
    expect(parseMySqlStateMetadata({ connectionString: 'root:@tcp(h:3306)/orders', schemaName: 'other' }).schemaName).toBe('other');
  });

  it.each(['0', '-1', '-5m', '0s'])('disables cleanup when cleanupInterval is %j', (cleanupInterval) => {
    expect(parseMySqlStateMetadata({ connectionString: dsn, cleanupInterval }).cleanupIntervalMs).toBeUndefined();
  });

  it.each(['0', '-3'])('falls back to 20 s for timeoutInSeconds %j, as Dapr does', (timeoutInSeconds) => {
    expect(parseMySqlStateMetadata({ connectionString: dsn, timeoutInSeconds }).timeoutMs).toBe(20_000);
  });

  it.each<[string, Record<string, string>]>([
    ['connectionString', {}],
    ['connectionString', { connectionString: 'root@localhost' }],
    ['connectionString', { connectionString: 'root:@udp(h:3306)/' }],
    ['connectionString', { connectionString: 'root:@tcp(h:99999)/' }],
    ['connectionString', { connectionString: 'root:@tcp(h:3306)/?timeout=soon' }],
    ['connectionString', { connectionString: 'root:@tcp(h:3306)/?bad-name=1' }],
    ['connectionString', { connectionString: 'mysql://root@[::1/x' }],
    ['schemaName', { connectionString: dsn, schemaName: 'x;DROP DATABASE y' }],
    ['schemaName', { connectionString: dsn, schemaName: '12345' }],
    ['tableName', { connectionString: dsn, tableName: 'app.state' }],
    ['tableName', { connectionString: dsn, tableName: 't'.repeat(65) }],
    ['metadataTableName', { connectionString: dsn, metadataTableName: 'md-table' }],
    ['metadataTableName', { connectionString: dsn, tableName: 'same', metadataTableName: 'same' }],
    ['timeoutInSeconds', { connectionString: dsn, timeoutInSeconds: '20s' }],
    ['cleanupInterval', { connectionString: dsn, cleanupInterval: 'hourly' }],
    ['pemPath', { connectionString: dsn, pemPath: '/no/such/ca.pem' }],
    ['pemPath', { connectionString: `${dsn}&tls=custom` }],
    ['pemContents', { connectionString: dsn, pemContents: 'not a certificate' }],
    ['maxOpenConns', { connectionString: dsn, maxOpenConns: '-1' }],
    ['maxIdleConns', { connectionString: dsn, maxIdleConns: 'many' }],
    ['connMaxLifetime', { connectionString: dsn, connMaxLifetime: 'forever' }],
    ['connMaxIdleTime', { connectionString: dsn, connMaxIdleTime: '-1s' }],
    ['actorStateStore', { connectionString: dsn, actorStateStore: 'ja' }],
  ])('throws a MetadataError naming %s', (field, properties) => {
    expect(metadataErrorField(() => parseMySqlStateMetadata(properties))).toBe(field);
  });
});

describe('parseMySqlConnectionString()', () => {
  it('decodes the DSN of Dapr’s docs, with the TLS mode', () => {
    expect(parseMySqlConnectionString('myadmin:yourpassword@tcp(mydemoserver.mysql.database.azure.com:3306)/?allowNativePasswords=true&tls=custom')).toEqual({
      host: 'mydemoserver.mysql.database.azure.com',
      port: 3306,
      user: 'myadmin',
      password: 'yourpassword',
      tls: 'custom',
      sessionVariables: {},
      where: 'mydemoserver.mysql.database.azure.com:3306',
    });
  });

  it('takes the password up to the last @, colons and all', () => {
    expect(parseMySqlConnectionString('u:p@ss:w@rd@tcp(h)/db')).toMatchObject({ user: 'u', password: 'p@ss:w@rd', host: 'h', port: 3306, database: 'db' });
  });

  it('defaults to tcp 127.0.0.1:3306 and accepts unix sockets and IPv6 addresses', () => {
    expect(parseMySqlConnectionString('/')).toMatchObject({ host: '127.0.0.1', port: 3306, user: '', password: '', where: '127.0.0.1:3306' });
    expect(parseMySqlConnectionString('root@unix(/run/mysqld/mysqld.sock)/')).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', where: '/run/mysqld/mysqld.sock' });
    expect(parseMySqlConnectionString('root@tcp([::1]:3310)/')).toMatchObject({ host: '::1', port: 3310, where: '[::1]:3310' });
  });

  it.each([
    ['true', 'verify'],
    ['false', 'disabled'],
    ['skip-verify', 'skip-verify'],
    ['preferred', 'preferred'],
    ['custom', 'custom'],
  ])('maps tls=%s to %s', (value, mode) => {
    expect(parseMySqlConnectionString(`root@tcp(h)/?tls=${value}`).tls).toBe(mode);
  });

  it('reads the dial timeout, ignores Go-only options and keeps the rest as session variables', () => {
    expect(parseMySqlConnectionString("root@tcp(h)/?parseTime=true&charset=utf8mb4&timeout=5s&sql_mode=%27ANSI_QUOTES%27&wait_timeout=60")).toMatchObject({
      connectTimeoutMs: 5000,
      sessionVariables: { sql_mode: "'ANSI_QUOTES'", wait_timeout: '60' },
    });
  });

  it('decodes the URL form, percent-escapes included', () => {
    expect(parseMySqlConnectionString('mysql://dapr:p%40ss@db.example:3310/app?tls=true')).toEqual({
      host: 'db.example',
      port: 3310,
      user: 'dapr',
      password: 'p@ss',
      database: 'app',
      tls: 'verify',
      sessionVariables: {},
      where: 'db.example:3310',
    });
  });
});
