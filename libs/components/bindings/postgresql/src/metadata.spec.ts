import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { PostgresBinding } from './postgres-binding';
import { parsePostgresBindingMetadata } from './postgres-binding-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes the output-only bindings.postgresql/v1 with the operations PostgresBinding offers', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'postgresql', version: 'v1', binding: { input: false, output: true } });
    expect(file.binding?.operations.map(({ name }) => name)).toEqual([...new PostgresBinding().operations()]);
  });

  it('lists only fields the parser accepts, connectionString required', () => {
    expect(file.metadata.filter(({ required }) => required).map(({ name }) => name)).toEqual(['connectionString']);
    for (const { name, default: fallback } of file.metadata) {
      if (fallback === undefined) continue;
      expect(() => parsePostgresBindingMetadata({ connectionString: 'host=localhost', [name]: fallback })).not.toThrow();
    }
  });
});

describe('parsePostgresBindingMetadata', () => {
  it('decodes the keyword form with field overrides and pool settings', () => {
    const md = parsePostgresBindingMetadata({ connectionString: 'host=db user=postgres port=5432 database=test connect_timeout=3', password: 'pw', maxConns: '7', connectionMaxIdleTime: '30s' });
    expect(md).toEqual({ where: 'db:5432/test', pool: { host: 'db', port: 5432, user: 'postgres', password: 'pw', database: 'test', ssl: false, connectionTimeoutMillis: 3000, max: 7, idleTimeoutMillis: 30000 } });
  });

  it('decodes the URL form', () => {
    expect(parsePostgresBindingMetadata({ connectionString: 'postgres://u:p@h:6000/d' }).where).toBe('h:6000/d');
  });

  it.each([
    [{}, 'connectionString', 'metadata field "connectionString": is required'],
    [{ connectionString: 'host=h', maxConns: '-1' }, 'maxConns', 'metadata field "maxConns": must be 0 (the default pool size) or more; got -1'],
    [{ connectionString: 'host=h', connectionMaxIdleTime: 'soon' }, 'connectionMaxIdleTime', 'metadata field "connectionMaxIdleTime": "soon" is not a duration (e.g. 5s, 1m30s, PT5S)'],
    [{ connectionString: 'host=h bogus=1' }, 'connectionString', 'metadata field "connectionString": has an unknown keyword "bogus"'],
  ])('names the field in errors (%j)', (properties, field, message) => {
    expect(() => parsePostgresBindingMetadata(properties)).toThrow(expect.objectContaining({ name: 'MetadataError', field, message }) as Error);
  });
});
