import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMetadataError } from './component-metadata';
import { isPostgresUrl, parseKeywordValuePairs, postgresConnectionKeywords, postgresConnectionOptions, postgresTarget } from './postgres-connection';

/** `field: message` of the MetadataError `work` throws, or what happened instead. */
function errorOf(work: () => unknown): string {
  try {
    work();
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? `${err.field}: ${err.message}` : String(err);
  }
}

describe('parseKeywordValuePairs()', () => {
  it('reads quoted values, escapes and spaces around =', () => {
    expect(parseKeywordValuePairs(`  host = localhost password='it\\'s a \\\\ secret' user=a\\ b empty='' options='-c x=1' port=5432 last= `)).toEqual({
      host: 'localhost',
      password: "it's a \\ secret",
      user: 'a b',
      empty: '',
      options: '-c x=1',
      port: '5432',
      last: '',
    });
  });

  it('returns no pairs for an empty string', () => {
    expect(parseKeywordValuePairs('   ')).toEqual({});
  });

  it.each([
    ['just words', 'connectionString: metadata field "connectionString": is neither a postgres:// URL nor keyword=value pairs (problem near position 0)'],
    ['host=h =x', 'connectionString: metadata field "connectionString": is neither a postgres:// URL nor keyword=value pairs (problem near position 7)'],
    ["host='unterminated", 'connectionString: metadata field "connectionString": has an unterminated quoted value for "host"'],
  ])('rejects %j', (text, expected) => {
    expect(errorOf(() => parseKeywordValuePairs(text))).toBe(expected);
  });
});

describe('isPostgresUrl()', () => {
  it.each([
    ['postgres://h/db', true],
    [' PostgreSQL://h', true],
    ['host=h', false],
    ['mysql://h', false],
  ])('reads %j as %j', (text, expected) => {
    expect(isPostgresUrl(text)).toBe(expected);
  });
});

describe('postgresConnectionKeywords()', () => {
  it('decodes the URL form into keywords, query parameters included', () => {
    expect(postgresConnectionKeywords('postgres://u%40x:p%40ss@db.example:6543/my%20db?sslmode=require&application_name=x')).toEqual({
      host: 'db.example',
      port: '6543',
      user: 'u@x',
      password: 'p@ss',
      dbname: 'my db',
      sslmode: 'require',
      application_name: 'x',
    });
  });

  it('unbrackets IPv6 hosts and leaves out what the URL does not say', () => {
    expect(postgresConnectionKeywords('postgresql://[::1]')).toEqual({ host: '::1' });
  });

  it('reads the keyword form', () => {
    expect(postgresConnectionKeywords(' host=h dbname=d ')).toEqual({ host: 'h', dbname: 'd' });
  });

  it('rejects a broken URL without repeating it, password included', () => {
    expect(errorOf(() => postgresConnectionKeywords('postgres://u:secret@h:port/db'))).toBe('connectionString: metadata field "connectionString": is not a valid postgres:// URL');
  });
});

describe('postgresConnectionOptions()', () => {
  it('converts the keywords of Dapr’s docs into pg options', () => {
    expect(postgresConnectionOptions(parseKeywordValuePairs('host=localhost user=postgres password=example port=5432 connect_timeout=10 database=my_dapr pool_max_conns=12'))).toEqual({
      options: { host: 'localhost', port: 5432, user: 'postgres', password: 'example', database: 'my_dapr', ssl: false, max: 12 },
      where: 'localhost:5432/my_dapr',
      connectTimeoutMs: 10_000,
    });
  });

  it('prefers hostaddr and dbname, and passes application_name and options', () => {
    expect(postgresConnectionOptions({ host: 'name.example', hostaddr: '10.0.0.5', dbname: 'd', database: 'other', application_name: 'dapr', options: '-cstatement_timeout=0' }).options).toEqual({
      host: '10.0.0.5',
      database: 'd',
      application_name: 'dapr',
      options: '-cstatement_timeout=0',
      ssl: false,
    });
  });

  it.each([
    ['disable', false],
    ['allow', false],
    ['prefer', false],
    ['require', { rejectUnauthorized: false }],
    ['verify-full', { rejectUnauthorized: true }],
  ])('maps sslmode=%s to pg’s ssl option as libpq reads it', (sslmode, ssl) => {
    expect(postgresConnectionOptions({ host: 'h', sslmode }).options.ssl).toEqual(ssl);
  });

  describe('with certificate files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'pg-tls-'));
      for (const name of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${name}.pem`), `${name} pem`);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('verifies the chain but not the host name for verify-ca, and for require with a root certificate', () => {
      for (const sslmode of ['verify-ca', 'require']) {
        const ssl = postgresConnectionOptions({ host: 'h', sslmode, sslrootcert: join(dir, 'ca.pem'), sslcert: join(dir, 'cert.pem'), sslkey: join(dir, 'key.pem') }).options.ssl;
        expect(ssl && { ...ssl, checkServerIdentity: ssl.checkServerIdentity?.() ?? 'skipped' }).toEqual({ rejectUnauthorized: true, ca: 'ca pem', cert: 'cert pem', key: 'key pem', checkServerIdentity: 'skipped' });
      }
    });

    it('checks the host name for verify-full', () => {
      const ssl = postgresConnectionOptions({ host: 'h', sslmode: 'verify-full', sslrootcert: join(dir, 'ca.pem') }).options.ssl;
      expect(ssl).toEqual({ rejectUnauthorized: true, ca: 'ca pem' });
    });

    it('names a file it cannot read', () => {
      expect(errorOf(() => postgresConnectionOptions({ sslmode: 'verify-full', sslrootcert: join(dir, 'missing.pem') }))).toMatch(/^connectionString: metadata field "connectionString": cannot read sslrootcert file .*missing\.pem: ENOENT/);
    });
  });

  it.each<[Record<string, string>, string]>([
    [{ host: 'h', colour: 'blue' }, 'has an unknown keyword "colour"'],
    [{ host: 'a,b' }, 'lists several hosts, which this runtime does not support'],
    [{ port: 'http' }, 'has a port "http" that is not a number in 1-65535'],
    [{ port: '70000' }, 'has a port "70000" that is not a number in 1-65535'],
    [{ port: '0' }, 'has a port "0" that is not a number in 1-65535'],
    [{ sslmode: 'sometimes' }, 'has sslmode "sometimes"; expected one of disable, allow, prefer, require, verify-ca, verify-full'],
    [{ connect_timeout: '1.5' }, 'has connect_timeout "1.5", which is not a whole number of seconds'],
    [{ pool_max_conns: '0' }, 'has pool_max_conns "0", which is not a positive integer'],
    [{ pool_max_conns: 'ten' }, 'has pool_max_conns "ten", which is not a positive integer'],
  ])('rejects %j', (keywords, message) => {
    expect(errorOf(() => postgresConnectionOptions(keywords))).toBe(`connectionString: metadata field "connectionString": ${message}`);
  });
});

describe('postgresTarget()', () => {
  it.each<[Record<string, string>, string]>([
    [{}, 'localhost:5432/(default database)'],
    [{ host: 'db', port: '6543', dbname: 'app' }, 'db:6543/app'],
    [{ host: '::1', database: 'app' }, '[::1]:5432/app'],
    [{ host: 'name', hostaddr: '10.0.0.5' }, '10.0.0.5:5432/(default database)'],
  ])('describes %j as %j', (keywords, where) => {
    expect(postgresTarget(keywords).where).toBe(where);
  });

  it('reads connect_timeout in seconds', () => {
    expect([postgresTarget({ connect_timeout: '3' }).connectTimeoutMs, postgresTarget({}).connectTimeoutMs]).toEqual([3000, undefined]);
  });

  it('leaves keywords it does not need unchecked, for components that hand the URL to pg', () => {
    expect(postgresTarget({ host: 'h', sslmode: 'no-verify', ssl: 'true' }).where).toBe('h:5432/(default database)');
  });
});
