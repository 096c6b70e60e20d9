import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { isBindingRequestError, type InvokeResponse } from '@dapr-ts/components-bindings';
import { PostgresBinding } from './postgres-binding';

/** The test database: POSTGRES_URL, else the local server's `test` database. */
const postgresUrl = process.env['POSTGRES_URL']?.trim() || 'postgres://postgres@127.0.0.1:5432/test';

describe('PostgresBinding', () => {
  const signal = new AbortController().signal;
  const table = `bindings_pg_${process.pid}_${randomBytes(3).toString('hex')}`;
  let direct: Client;
  let binding: PostgresBinding;

  beforeAll(async () => {
    direct = new Client({ connectionString: postgresUrl });
    try {
      await direct.connect();
    } catch (err) {
      throw new Error(`these tests need Postgres at ${new URL(postgresUrl).host} (set POSTGRES_URL): ${String(err)}`);
    }
    await direct.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, name text, payload bytea, at timestamptz, doc jsonb)`);
    binding = new PostgresBinding();
    await binding.init({ name: 'db', properties: { connectionString: postgresUrl } }, signal);
  });

  afterAll(async () => {
    await binding.close();
    await direct.query(`DROP TABLE IF EXISTS ${table}`);
    await direct.end();
  });

  const call = (operation: string, metadata: Record<string, string>): Promise<InvokeResponse> => binding.invoke({ operation, data: Buffer.alloc(0), metadata }, signal);
  const json = (response: InvokeResponse): unknown => JSON.parse(Buffer.from(response.data ?? []).toString());

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => new Error('expected a rejection'),
      (err: unknown) => err,
    );
  }

  it('offers exec, query and close', () => {
    expect(binding.operations()).toEqual(['exec', 'query', 'close']);
  });

  describe('exec', () => {
    it('runs the statement with params and answers rows-affected and Dapr\'s metadata, no data', async () => {
      const sql = `INSERT INTO ${table} (id, name) VALUES ($1, $2), ($3, $4)`;
      const response = await call('exec', { sql, params: '[1, "one", 2, "two"]' });
      expect(response.data).toBeUndefined();
      expect(response.metadata).toEqual({ operation: 'exec', sql, 'rows-affected': '2', 'start-time': expect.any(String), 'end-time': expect.any(String), duration: expect.stringMatching(/^[\d.]+(ns|µs|ms|s)$/) });
      expect((await direct.query(`SELECT name FROM ${table} WHERE id = 2`)).rows).toEqual([{ name: 'two' }]);
    });

    it('answers rows-affected 0 when nothing matched', async () => {
      expect((await call('exec', { sql: `DELETE FROM ${table} WHERE id = -1` })).metadata?.['rows-affected']).toBe('0');
    });
  });

  describe('query', () => {
    it('answers the rows as a JSON array of arrays, in column order', async () => {
      await direct.query(`INSERT INTO ${table} (id, name, payload, at, doc) VALUES (10, 'ten', '\\x00ff', '2024-05-06T07:08:09Z', '{"a":[1]}')`);
      const sql = `SELECT id, name, payload, at, doc FROM ${table} WHERE id = $1`;
      const response = await call('query', { sql, params: '[10]' });
      expect(json(response)).toEqual([[10, 'ten', 'AP8=', '2024-05-06T07:08:09.000Z', { a: [1] }]]);
      expect(response.contentType).toBe('application/json');
      expect(response.metadata).toEqual({ operation: 'query', sql, 'start-time': expect.any(String), 'end-time': expect.any(String), duration: expect.any(String) });
    });

    it('answers [] when no row matches', async () => {
      expect(json(await call('query', { sql: `SELECT id FROM ${table} WHERE id = -1` }))).toEqual([]);
    });

    it('keeps bigints beyond 2^53 as strings rather than losing digits', async () => {
      expect(json(await call('query', { sql: 'SELECT 9007199254740993::bigint, 42::bigint' }))).toEqual([['9007199254740993', 42]]);
    });

    it('fails with Postgres\'s message for bad SQL', async () => {
      const err = await rejection(call('query', { sql: 'SELECT * FROM no_such_table_here' }));
      expect(isBindingRequestError(err)).toBe(false);
      expect((err as Error).message).toBe('relation "no_such_table_here" does not exist');
    });
  });

  it.each([
    [{}, 'required metadata not set: sql'],
    [{ sql: 'SELECT 1', params: '[1' }, /^metadata "params" is not valid JSON: /],
    [{ sql: 'SELECT 1', params: '{"a":1}' }, 'metadata "params" must be a JSON array'],
  ])('refuses request metadata %j as the caller\'s mistake', async (metadata, message) => {
    const err = await rejection(call('query', metadata));
    expect(isBindingRequestError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('close ends the pool; later calls fail until init', async () => {
    const own = new PostgresBinding();
    await own.init({ name: 'db', properties: { connectionString: postgresUrl } }, signal);
    expect((await own.invoke({ operation: 'close', data: Buffer.alloc(0), metadata: {} }, signal)).metadata?.['operation']).toBe('close');
    await expect(own.invoke({ operation: 'query', data: Buffer.alloc(0), metadata: { sql: 'SELECT 1' } }, signal)).rejects.toThrow('bindings.postgresql: not connected (never initialized, or closed by the close operation)');
  });

  it('init fails naming Postgres and the address when unreachable', async () => {
    await expect(new PostgresBinding().init({ name: 'db', properties: { connectionString: 'host=127.0.0.1 port=1 user=postgres database=test connect_timeout=2' } }, signal)).rejects.toThrow(/^bindings\.postgresql: cannot connect to Postgres at 127\.0\.0\.1:1\/test: /);
  });
});
