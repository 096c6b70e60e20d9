import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SqliteConnectionSettings } from './sqlite-connection-string';
import { loadSqliteDriver, type SqliteDatabaseHandle, type SqliteStatement } from './sqlite-driver';

/** A row as the driver returns it. */
export type SqliteRow = Record<string, number | bigint | string | Uint8Array | null>;
export type SqliteParam = number | string | null;

/** Options for {@link SqliteDatabase.open}. */
export interface SqliteDatabaseOptions {
  /** How long to retry while another connection holds the lock; 0: fail at once. */
  busyTimeoutMs: number;
  /** Longest an operation may wait for its turn, queue and lock included. */
  timeoutMs: number;
}

/** First and last pause between lock retries; short, since SQLite transactions here are short. */
const RetryPauseMs = { first: 2, max: 50 } as const;

/**
 * One connection to a SQLite database, used by one operation at a time.
 *
 * The driver is synchronous, so an operation runs without interruption once it starts: each
 * operation is one synchronous callback ({@link use}), queued behind the ones before it, which
 * makes every operation atomic with respect to the others on this connection. Other
 * connections (another store on the same file, another sidecar) are kept out by SQLite's file
 * lock; while one holds it the driver fails at once with "database is locked", and the
 * operation is retried here, asynchronously, for up to `busyTimeout` (SQLite's own busy handler
 * would block the event loop). The driver's lock is a `<file>.lock` folder, which a process
 * killed mid-write leaves behind; the error then says so.
 *
 * @internal
 */
export class SqliteDatabase {
  private readonly handle: SqliteDatabaseHandle;
  private readonly settings: SqliteConnectionSettings;
  private readonly options: SqliteDatabaseOptions;
  private readonly statements = new Map<string, SqliteStatement>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(handle: SqliteDatabaseHandle, settings: SqliteConnectionSettings, options: SqliteDatabaseOptions) {
    this.handle = handle;
    this.settings = settings;
    this.options = options;
  }

  /**
   * Opens the database. A file Go Dapr left in WAL mode is switched to the rollback journal
   * first: WAL needs shared memory, which the WebAssembly driver does not have.
   */
  static async open(settings: SqliteConnectionSettings, options: SqliteDatabaseOptions): Promise<SqliteDatabase> {
    const { Database } = loadSqliteDriver();
    const wal = !settings.inMemory && isWalFile(settings.path);
    if (wal && settings.readOnly) throw new Error(`state.sqlite: ${settings.path} is in WAL mode and opened read-only; open it read-write once so it can be switched to the rollback journal`);
    let handle: SqliteDatabaseHandle;
    try {
      handle = new Database(settings.path, { readOnly: settings.readOnly, fileMustExist: settings.mustExist });
    } catch (err) {
      const reason = settings.mustExist && !existsSync(settings.path) ? 'the file does not exist (mode=rw)' : 'check that its folder exists and is writable';
      throw new Error(`state.sqlite: cannot open database ${settings.path}: ${reason}`, { cause: err });
    }
    const db = new SqliteDatabase(handle, settings, options);
    try {
      await db.use(() => {
        if (wal) {
          db.exec('PRAGMA locking_mode = EXCLUSIVE');
          db.exec('PRAGMA journal_mode = DELETE');
          db.exec('PRAGMA locking_mode = NORMAL');
          // The exclusive lock is released on the next access.
          db.get('SELECT count(*) AS n FROM sqlite_master');
        }
        for (const { name, value } of settings.pragmas) db.exec(value === '' ? `PRAGMA ${name}` : `PRAGMA ${name} = ${value}`);
      });
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  }

  /** The file (or `:memory:`), for messages. */
  get path(): string {
    return this.settings.path;
  }

  /**
   * Runs `work` once every earlier operation finished, retrying it while another connection
   * holds the lock. `work` must be synchronous and leave no transaction open when it throws
   * (see {@link transaction}), so a retry starts from scratch.
   */
  use<T>(work: () => T, signal?: AbortSignal): Promise<T> {
    const queuedAt = Date.now();
    const turn = this.queue.then(() => this.attempt(work, queuedAt, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** BEGIN IMMEDIATE (the write lock up front), `work`, COMMIT; ROLLBACK and rethrow on failure. */
  transaction<T>(work: () => T): T {
    this.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = work();
    } catch (err) {
      if (this.handle.inTransaction) this.exec('ROLLBACK');
      throw err;
    }
    this.exec('COMMIT');
    return result;
  }

  /**
   * The first row. Read through `all`, never the driver's `get`: a statement left mid-result
   * keeps its read lock, and the driver's lock shuts out every other connection.
   */
  get(sql: string, params: SqliteParam[] = []): SqliteRow | undefined {
    return this.withStatement(sql, (statement) => statement.all(params)[0] as SqliteRow | undefined);
  }

  /** Runs a statement and returns how many rows it changed. */
  change(sql: string, params: SqliteParam[] = []): number {
    return this.withStatement(sql, (statement) => statement.run(params).changes);
  }

  exec(sql: string): void {
    this.handle.exec(sql);
  }

  /** Waits for queued operations, then closes. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    for (const statement of this.statements.values()) {
      try {
        statement.finalize();
      } catch {
        // Only repeats an earlier step's error; the statement is freed all the same.
      }
    }
    this.statements.clear();
    this.handle.close();
  }

  private async attempt<T>(work: () => T, queuedAt: number, signal: AbortSignal | undefined): Promise<T> {
    const busyDeadline = Date.now() + this.options.busyTimeoutMs;
    let pause: number = RetryPauseMs.first;
    for (;;) {
      signal?.throwIfAborted();
      if (!this.handle.isOpen) throw new Error(`state.sqlite: database ${this.path} is closed`);
      if (Date.now() - queuedAt > this.options.timeoutMs) throw new Error(`state.sqlite: operation on ${this.path} timed out after ${this.options.timeoutMs} ms waiting for its turn`);
      try {
        return work();
      } catch (err) {
        if (!isBusy(err)) throw err;
        if (Date.now() + pause > busyDeadline) throw this.lockedError(err);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, RetryPauseMs.max);
    }
  }

  private lockedError(cause: unknown): Error {
    return new Error(
      `state.sqlite: database ${this.path} stayed locked by another connection for longer than busyTimeout (${this.options.busyTimeoutMs} ms); ` +
        `if no other process uses it, a process that crashed may have left the lock folder ${this.path}.lock behind: remove it`,
      { cause },
    );
  }

  /**
   * Runs `use` with the cached prepared statement for `sql`. A statement whose step failed is
   * dropped: SQLite reports that failure again on its next reset, which the driver turns into
   * an error of its own.
   */
  private withStatement<T>(sql: string, use: (statement: SqliteStatement) => T): T {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.handle.prepare(sql);
      this.statements.set(sql, statement);
    }
    try {
      return use(statement);
    } catch (err) {
      this.statements.delete(sql);
      try {
        statement.finalize();
      } catch {
        // finalize repeats the step's error; the statement is freed all the same.
      }
      throw err;
    }
  }
}

/**
 * SQLITE_BUSY. The driver reports errors by message only (no result codes), so the message
 * SQLite itself gives that code is the only thing to match.
 */
function isBusy(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { message?: unknown }).message === 'database is locked';
}

/** A database file whose header says WAL (bytes 18 and 19 are 2; 1 is the rollback journal). */
function isWalFile(path: string): boolean {
  if (!existsSync(path)) return false;
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, header, 0, 20, 0) === 20 && header[18] === 2;
  } finally {
    closeSync(fd);
  }
}
