import { isMetadataError } from '@dapr-ts/components-common';
import { parsePostgresConfigurationMetadata } from './postgres-configuration-metadata';
import { parsePostgresNotification } from './postgres-notification';

function errorOf(properties: Record<string, string>): string {
  try {
    parsePostgresConfigurationMetadata(properties);
  } catch (err) {
    if (isMetadataError(err)) return `${err.field}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('parsePostgresConfigurationMetadata()', () => {
  it('reads the keyword/value connection string of Dapr docs, with defaults for the rest', () => {
    expect(parsePostgresConfigurationMetadata({ connectionString: 'host=localhost user=postgres password=example port=5432 connect_timeout=10 database=config', table: 'configtable' })).toEqual({
      connection: {
        pool: { host: 'localhost', user: 'postgres', password: 'example', port: 5432, database: 'config', connectionTimeoutMillis: 10_000, ssl: false },
        where: 'localhost:5432/config',
      },
      table: 'configtable',
      timeoutMs: 20_000,
      maxConns: undefined,
      connectionMaxIdleTimeMs: undefined,
    });
  });

  it('reads the URL form, and lets the individual fields override it', () => {
    const md = parsePostgresConfigurationMetadata({
      connectionString: 'postgres://u:p%40ss@db.example:6543/app?sslmode=disable&application_name=x',
      table: 'public.config',
      Database: 'other',
      password: 'override',
      timeoutInSeconds: '30',
      maxConns: '4',
      connectionMaxIdleTime: '5m',
    });
    expect(md).toEqual({
      connection: { pool: { host: 'db.example', port: 6543, user: 'u', password: 'override', database: 'other', application_name: 'x', ssl: false }, where: 'db.example:6543/other' },
      table: 'public.config',
      timeoutMs: 30_000,
      maxConns: 4,
      connectionMaxIdleTimeMs: 300_000,
    });
  });

  it('encrypts without verifying for sslmode=require, as libpq does', () => {
    expect(parsePostgresConfigurationMetadata({ connectionString: 'host=h sslmode=require', table: 't' }).connection.pool.ssl).toEqual({ rejectUnauthorized: false });
  });

  it.each([
    [{ table: 't' }, 'connectionString: metadata field "connectionString": is required'],
    [{ connectionString: 'host=h' }, 'table: metadata field "table": is required'],
    [{ connectionString: 'host=h', table: 'ConfigTable' }, 'table: metadata field "table": "ConfigTable" is not a valid table name (lower-case letters, digits and _, optionally schema.table)'],
    [{ connectionString: 'host=h', table: 't; drop table x' }, 'table: metadata field "table": "t; drop table x" is not a valid table name (lower-case letters, digits and _, optionally schema.table)'],
    [{ connectionString: 'host=h colour=blue', table: 't' }, 'connectionString: metadata field "connectionString": has an unknown keyword "colour"'],
    [{ connectionString: 'host=h port=http', table: 't' }, 'connectionString: metadata field "connectionString": has a port "http" that is not a number in 1-65535'],
    [{ connectionString: 'host=h sslmode=sometimes', table: 't' }, 'connectionString: metadata field "connectionString": has sslmode "sometimes"; expected one of disable, allow, prefer, require, verify-ca, verify-full'],
    [{ connectionString: 'just words', table: 't' }, 'connectionString: metadata field "connectionString": is neither a postgres:// URL nor keyword=value pairs (problem near position 0)'],
    [{ connectionString: 'host=h', table: 't', timeout: '0s' }, 'timeout: metadata field "timeout": must be a positive duration'],
    [{ connectionString: 'host=h', table: 't', queryExecMode: 'fast' }, 'queryExecMode: metadata field "queryExecMode": "fast" is not one of cache_statement, cache_describe, describe_exec, exec, simple_protocol'],
    [{ connectionString: 'host=h', table: 't', useAzureAD: 'true' }, 'useAzureAD: metadata field "useAzureAD": cloud identity authentication is not supported by this runtime; put the credentials in connectionString'],
  ])('rejects %j naming the field', (properties, expected) => {
    expect(errorOf(properties)).toBe(expected);
  });
});

describe('parsePostgresNotification()', () => {
  const payload = (body: unknown): string => JSON.stringify(body);

  it('reads the row of the trigger Dapr documents, in any column case', () => {
    expect(parsePostgresNotification(payload({ table: 'cfg', action: 'UPDATE', data: { KEY: 'k', Value: 'v', version: '3', metadata: { a: 1 } } }), 'cfg')).toEqual({
      key: 'k',
      item: { value: 'v', version: '3', metadata: { a: '1' } },
    });
  });

  it('reports a DELETE as a deleted key', () => {
    expect(parsePostgresNotification(payload({ table: 'cfg', action: 'DELETE', data: { key: 'k', value: 'old', version: '1' } }), 'public.cfg')).toEqual({ key: 'k', item: { value: '', version: '', metadata: {} } });
  });

  it.each([
    ['not JSON', 'nope'],
    ['no data', payload({ table: 'cfg', action: 'INSERT' })],
    ['no key', payload({ table: 'cfg', action: 'INSERT', data: { value: 'v' } })],
    ['another table', payload({ table: 'other', action: 'INSERT', data: { key: 'k', value: 'v', version: '1' } })],
  ])('ignores a payload with %s', (_what, text) => {
    expect(parsePostgresNotification(text, 'cfg')).toBeUndefined();
  });
});
