import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureOf, runSqlStateConformance, runStateConcurrencyConformance, runStateConformance, stateStorePerTest, type SqlStateTables } from '@dapr-ts/conformance';
import { loadSqliteDriver } from './sqlite-driver';
import { SqliteStateStore } from './sqlite-state-store';

const dir = mkdtempSync(join(tmpdir(), 'dapr-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `work` on a second, plain connection to `file` (as another process would), then closes it. */
function withFile<T>(file: string, work: (db: InstanceType<ReturnType<typeof loadSqliteDriver>['Database']>) => T): T {
  const db = new (loadSqliteDriver().Database)(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The file header's journal byte: 1 for the rollback journal, 2 for WAL. */
function journalByte(file: string): number | undefined {
  return readFileSync(file)[18];
}

/** Component metadata using a database file of its own in the test folder. */
function freshProperties(label: string, extra: Record<string, string> = {}): Record<string, string> {
  return { connectionString: join(dir, `${label}-${randomBytes(4).toString('hex')}.db`), ...extra };
}

/** SQLite's `YYYY-MM-DD HH:MM:SS` UTC text as epoch milliseconds. */
const timestampMs = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/** The tables of the file behind `properties` (Dapr's default names), through a second connection. */
function tablesOf(properties: Record<string, string>): SqlStateTables {
  const file = properties['connectionString'] as string;
  return {
    row: async (key) => {
      const found = withFile(file, (db) => db.get('SELECT expiration_time FROM state WHERE key = ?', key));
      return found ? { expiresAt: typeof found['expiration_time'] === 'string' ? timestampMs(found['expiration_time']) : null } : undefined;
    },
    insertRows: async (rows) => {
      for (const row of rows) withFile(file, (db) => db.run(`INSERT INTO state (key, value, is_binary, etag, expiration_time) VALUES (?, '1', 0, 'e', datetime('now', ?))`, [row.key, `${row.expiresInSeconds} seconds`]));
    },
    keys: async () => withFile(file, (db) => db.all('SELECT key FROM state ORDER BY key')).map((r) => String(r['key'])),
    hasLastCleanup: async () => withFile(file, (db) => db.all(`SELECT key FROM metadata WHERE key = 'last-cleanup'`)).length === 1,
    backdateLastCleanup: async (hours) => {
      withFile(file, (db) => db.run(`UPDATE metadata SET value = datetime('now', ?) WHERE key = 'last-cleanup'`, [`-${hours} hours`]));
    },
  };
}

const operations = ['etag', 'transaction', 'ttl', 'first-write', 'bulk'] as const;

runStateConformance({ name: 'state.sqlite', create: () => new SqliteStateStore(), metadata: freshProperties('conformance'), operations, config: { badEtag: 'bad-etag' } });

runStateConformance({ name: 'state.sqlite in memory', create: () => new SqliteStateStore(), metadata: { connectionString: ':memory:' }, operations, config: { badEtag: 'bad-etag' } });

// Several stores, each with its own connection to one file, as several sidecars sharing it.
runStateConcurrencyConformance({ name: 'state.sqlite', create: () => new SqliteStateStore(), metadata: freshProperties('race', { busyTimeout: '10s' }), operations });

runSqlStateConformance({
  name: 'state.sqlite',
  create: () => new SqliteStateStore(),
  freshMetadata: freshProperties,
  tables: tablesOf,
  etags: { invalid: ['abc', '12345'], unknown: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' },
  invalidMetadata: [
    ['connectionString', {}],
    ['tableName', { connectionString: ':memory:', tableName: 'state; DROP TABLE x' }],
    ['connectionString', { connectionString: 'data.db?_pragma=journal_mode(WAL)' }],
    ['busyTimeout', { connectionString: ':memory:', busyTimeout: 'soon' }],
  ],
  sweepsByDefault: false,
  // A trigger stands in for any failure SQLite reports in the middle of a transaction.
  poisonKey: async (properties, key) => {
    const file = properties['connectionString'] as string;
    withFile(file, (db) => db.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON state WHEN NEW.key = '${key.replace(/'/g, "''")}' BEGIN SELECT RAISE(ABORT, 'poisoned key'); END`));
    return { key, message: 'poisoned key', remove: async () => withFile(file, (db) => db.exec('DROP TRIGGER refuse_poison')) };
  },
});

describe('SqliteStateStore', () => {
  const signal = new AbortController().signal;
  const file = join(dir, 'spec.db');
  const properties = { connectionString: file };
  const { store, key, put, read } = stateStorePerTest({ keyPrefix: 'state.sqlite-spec', create: () => new SqliteStateStore(), metadata: properties }, signal);
  const row = (k: string) => withFile(file, (db) => db.get('SELECT value, is_binary, etag, expiration_time FROM state WHERE key = ?', k) ?? undefined);

  describe('.init()', () => {
    it('creates Dapr’s tables and records migration level 1', () => {
      const layout = withFile(file, (db) => ({
        state: db.all(`SELECT name, type FROM pragma_table_info('state')`),
        metadata: db.all(`SELECT name FROM pragma_table_info('metadata')`),
        migrations: db.get(`SELECT value FROM metadata WHERE key = 'migrations'`),
      }));
      expect(layout).toEqual({
        state: [
          { name: 'key', type: 'TEXT' },
          { name: 'value', type: 'TEXT' },
          { name: 'is_binary', type: 'BOOLEAN' },
          { name: 'etag', type: 'TEXT' },
          { name: 'expiration_time', type: 'TIMESTAMP' },
          { name: 'update_time', type: 'TIMESTAMP' },
        ],
        metadata: [{ name: 'key' }, { name: 'value' }],
        migrations: { value: '1' },
      });
    });

    it('keeps the data across close and reopen of the file', async () => {
      const k = key('durable');
      await put(k, '{"order":42}');
      await store().close();
      const reopened = new SqliteStateStore();
      await reopened.init({ name: 'statestore', properties: { connectionString: `file:${file}?_pragma=busy_timeout(5000)` } }, signal);
      try {
        expect((await reopened.get({ key: k, metadata: {} }, signal))?.data.toString()).toBe('{"order":42}');
      } finally {
        await reopened.close();
      }
    });

    it('reads a file Go Dapr left in WAL mode, switching it to the rollback journal', async () => {
      const walFile = join(dir, 'wal.db');
      withFile(walFile, (db) => {
        db.exec('PRAGMA locking_mode = EXCLUSIVE');
        db.exec('PRAGMA journal_mode = WAL');
        db.exec('CREATE TABLE state (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, is_binary BOOLEAN NOT NULL, etag TEXT NOT NULL, expiration_time TIMESTAMP DEFAULT NULL, update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)');
        db.run(`INSERT INTO state (key, value, is_binary, etag) VALUES ('from-go', '"hi"', 0, '3f2504e0-4f89-11d3-9a0c-0305e82c3301')`);
      });
      expect(journalByte(walFile)).toBe(2);
      const other = new SqliteStateStore();
      await other.init({ name: 's', properties: { connectionString: walFile } }, signal);
      try {
        expect(await other.get({ key: 'from-go', metadata: {} }, signal)).toEqual({ data: Buffer.from('"hi"'), etag: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' });
        expect(journalByte(walFile)).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('waits while another connection holds the lock, then writes', async () => {
      const k = key('waits');
      const patient = new SqliteStateStore();
      await patient.init({ name: 's', properties: { connectionString: file, busyTimeout: '60s' } }, signal);
      const other = new (loadSqliteDriver().Database)(file);
      try {
        other.exec('BEGIN IMMEDIATE');
        let settled = false;
        const write = patient.set({ key: k, value: Buffer.from('"after the lock"'), metadata: {} }, signal).finally(() => {
          settled = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(settled).toBe(false);
        other.exec('COMMIT');
        await write;
      } finally {
        other.close();
        await patient.close();
      }
      expect((await read(k))?.data.toString()).toBe('"after the lock"');
    });

    it('fails naming the lock folder when a crashed process left it behind', async () => {
      const lockedFile = join(dir, 'locked.db');
      mkdirSync(`${lockedFile}.lock`);
      const err = await failureOf(new SqliteStateStore().init({ name: 's', properties: { connectionString: lockedFile, busyTimeout: '100ms' } }, signal));
      expect(String(err)).toContain(`a process that crashed may have left the lock folder ${lockedFile}.lock behind: remove it`);
      rmSync(`${lockedFile}.lock`, { recursive: true });
    });

    it('fails naming the file when its folder does not exist', async () => {
      const missing = join(dir, 'no-such-folder', 'state.db');
      const err = await failureOf(new SqliteStateStore().init({ name: 's', properties: { connectionString: missing } }, signal));
      expect(String(err)).toBe(`Error: state.sqlite: cannot open database ${missing}: check that its folder exists and is writable`);
    });

    it('opens a file read-only with mode=ro, refusing writes', async () => {
      const k = key('ro');
      await put(k, '"kept"');
      const readOnly = new SqliteStateStore();
      await readOnly.init({ name: 's', properties: { connectionString: `file:${file}?mode=ro` } }, signal);
      try {
        expect((await readOnly.get({ key: k, metadata: {} }, signal))?.data.toString()).toBe('"kept"');
        await expect(readOnly.set({ key: k, value: Buffer.from('"changed"'), metadata: {} }, signal)).rejects.toThrow('attempt to write a readonly database');
      } finally {
        await readOnly.close();
      }
    });
  });

  describe('storage layout', () => {
    it('stores JSON as text and other bytes as base64, both read back exactly', async () => {
      const [json, binary] = [key('json'), key('binary')];
      await put(json, '{"id": 7,"tags":["a"]}');
      await put(binary, Buffer.from([0x00, 0xff, 0x10]));
      expect([row(json), row(binary)]).toEqual([
        { value: '{"id": 7,"tags":["a"]}', is_binary: 0, etag: expect.stringMatching(/^[0-9a-f-]{36}$/), expiration_time: null },
        { value: 'AP8Q', is_binary: 1, etag: expect.stringMatching(/^[0-9a-f-]{36}$/), expiration_time: null },
      ]);
      expect((await read(json))?.data.toString()).toBe('{"id": 7,"tags":["a"]}');
      expect((await read(binary))?.data).toEqual(Buffer.from([0x00, 0xff, 0x10]));
    });

    it('reads rows written by Go Dapr', async () => {
      const [json, binary] = [key('go-json'), key('go-binary')];
      withFile(file, (db) =>
        db.run(`INSERT INTO state (key, value, is_binary, etag) VALUES (?, '{"from":"daprd"}', 0, 'e1'), (?, 'aGVsbG8=', 1, 'e2')`, [json, binary]),
      );
      expect(await read(json)).toEqual({ data: Buffer.from('{"from":"daprd"}'), etag: 'e1' });
      expect((await read(binary))?.data.toString()).toBe('hello');
    });

    it('refuses a key holding a NUL character rather than storing it under another key', async () => {
      await expect(put('a\0b', '1')).rejects.toThrow('state.sqlite: key "a\\u0000b" contains a NUL character, which this store cannot keep');
    });
  });

  describe('.close()', () => {
    it('releases the file: no lock folder is left behind', async () => {
      await put(key('before-close'), '1');
      await store().close();
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  });
});
