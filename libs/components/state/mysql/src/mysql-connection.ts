import { createConnection, createPool, type Connection, type ConnectionOptions, type Pool, type PoolConnection, type PoolOptions, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { errorMessage } from '@dapr-ts/components-common';
import type { Logger } from '@dapr-ts/logger';
import type { MySqlStateMetadata } from './mysql-state-metadata';
import { MySqlStateSql } from './mysql-state-sql';
import type { MySqlFlavor } from './mysql-state-value';
import type { SqlFragment } from './sql-fragment';

/** Something that runs a statement: a pooled connection, inside a transaction or not. */
export type Queryable = Pick<Connection, 'query'>;

/** MySQL error numbers the store reacts to (server error reference). */
export const MySqlErrno = {
  DupEntry: 1062,
  DupFieldName: 1060,
  DupKeyName: 1061,
  LockDeadlock: 1213,
} as const;

/** Client-side bound added to `timeoutInSeconds`, so the server may time out first. */
const QueryTimeoutSlackMs = 2000;

/** Runs `statement` with the store's timeout and returns the rows or the result header. */
export async function run<T extends RowDataPacket[] | ResultSetHeader>(db: Queryable, statement: SqlFragment, timeoutMs: number): Promise<T> {
  const [result] = await db.query<T>({ sql: statement.sql, values: [...statement.values], timeout: timeoutMs + QueryTimeoutSlackMs });
  return result;
}

/** The error number of a server error, if `err` is one. */
export function errnoOf(err: unknown): number | undefined {
  const errno = (err as { errno?: unknown } | null)?.errno;
  return typeof err === 'object' && typeof errno === 'number' ? errno : undefined;
}

/** The driver options both the set-up connection and the pool use; `database` is the pool's. */
function connectionOptions(md: MySqlStateMetadata): ConnectionOptions {
  const { connection } = md;
  const ssl = tlsOptions(md);
  return {
    ...(connection.socketPath === undefined ? { host: connection.host, port: connection.port } : { socketPath: connection.socketPath }),
    user: connection.user,
    password: connection.password,
    connectTimeout: connection.connectTimeoutMs ?? md.timeoutMs,
    ...(ssl === undefined ? {} : { ssl }),
    // Affected rows count changed rows, as Go's driver reports them (the cleanup claim relies on it).
    flags: ['-FOUND_ROWS'],
    // JSON columns come back as text, so the stored bytes are returned unchanged.
    jsonStrings: true,
    supportBigNumbers: true,
    enableKeepAlive: true,
  };
}

function tlsOptions(md: MySqlStateMetadata): ConnectionOptions['ssl'] {
  const mode = md.connection.tls;
  if (md.caPem !== undefined) return { ca: md.caPem, rejectUnauthorized: mode !== 'skip-verify' };
  if (mode === 'verify') return { rejectUnauthorized: true };
  if (mode === 'skip-verify') return { rejectUnauthorized: false };
  return undefined;
}

/** `SET SESSION` for the DSN's system variables (Go's driver sends them on every new connection). */
function sessionStatements(md: MySqlStateMetadata): string[] {
  return Object.entries(md.connection.sessionVariables).map(([name, value]) => `SET SESSION ${name} = ${value}`);
}

/**
 * Connects without a database, learns whether the server is MariaDB or MySQL, and creates the
 * schema and both tables when missing (Dapr's layout; see {@link MySqlStateSql}). Fails with
 * an error naming the server and its address when it cannot connect.
 */
export async function prepareSchema(md: MySqlStateMetadata, logger: Logger): Promise<MySqlFlavor> {
  let setup: Connection;
  try {
    setup = await createConnection(connectionOptions(md));
  } catch (err) {
    throw new Error(`state.mysql: cannot connect to MySQL/MariaDB at ${md.connection.where}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    for (const statement of sessionStatements(md)) await setup.query({ sql: statement, timeout: md.timeoutMs });
    const [[version]] = await setup.query<RowDataPacket[]>('SELECT VERSION() AS version');
    const flavor: MySqlFlavor = String(version?.['version']).toLowerCase().includes('mariadb') ? 'mariadb' : 'mysql';
    const sql = new MySqlStateSql(md, flavor);
    await run(setup, MySqlStateSql.createSchema(md.schemaName), md.timeoutMs);
    await run(setup, sql.createStateTable(), md.timeoutMs);
    const [columns] = await run<RowDataPacket[]>(setup, MySqlStateSql.countExpireDateColumns(md.schemaName, md.tableName), md.timeoutMs);
    if (Number(columns?.['n']) === 0) {
      logger.info('state.mysql: adding expiredate to a table made before Dapr supported TTLs', { table: md.tableName });
      await ignoring(MySqlErrno.DupFieldName, run(setup, sql.addExpireDate(), md.timeoutMs));
      await ignoring(MySqlErrno.DupKeyName, run(setup, sql.addExpireDateIndex(), md.timeoutMs));
    }
    await run(setup, sql.createMetadataTable(), md.timeoutMs);
    return flavor;
  } catch (err) {
    throw new Error(`state.mysql: cannot prepare schema ${md.schemaName} (tables ${md.tableName}, ${md.metadataTableName}) at ${md.connection.where}: ${errorMessage(err)}`, { cause: err });
  } finally {
    await setup.end().catch(() => undefined);
  }
}

/** Another sidecar may add the same column or index at the same moment; its success is ours. */
async function ignoring(errno: number, work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if (errnoOf(err) !== errno) throw err;
  }
}

/**
 * The pool of connections to the schema, plus `connMaxLifetime`, which mysql2 lacks: a
 * connection older than that is closed when it would next be handed out.
 */
export class MySqlPool {
  private readonly pool: Pool;
  private readonly bornAt = new WeakMap<object, number>();
  private readonly maxLifetimeMs: number | undefined;

  constructor(md: MySqlStateMetadata, logger: Logger) {
    const options: PoolOptions = {
      ...connectionOptions(md),
      database: md.schemaName,
      waitForConnections: true,
      ...(md.maxOpenConns === undefined ? {} : { connectionLimit: md.maxOpenConns }),
      ...(md.maxIdleConns === undefined ? {} : { maxIdle: md.maxIdleConns }),
      ...(md.connMaxIdleTimeMs === undefined ? {} : { idleTimeout: md.connMaxIdleTimeMs }),
    };
    this.pool = createPool(options);
    this.maxLifetimeMs = md.connMaxLifetimeMs;
    const statements = sessionStatements(md);
    this.pool.on('connection', (wrapped) => {
      // mysql2's typings promise the promise wrapper here, but the event forwards the core
      // (callback) connection: the same object a PoolConnection holds as `.connection`.
      const connection = wrapped as unknown as { query(sql: string, cb: (err: unknown) => void): void };
      this.bornAt.set(connection, Date.now());
      // Queued before any other statement on this connection, so every query sees them.
      for (const statement of statements) connection.query(statement, (err) => err && logger.warn('state.mysql: session variable failed', { statement, error: errorMessage(err) }));
    });
  }

  /** A connection for one operation; release it with {@link release}. */
  async acquire(): Promise<PoolConnection> {
    for (;;) {
      const connection = await this.pool.getConnection();
      const born = this.bornAt.get(connection.connection) ?? Date.now();
      if (this.maxLifetimeMs === undefined || Date.now() - born < this.maxLifetimeMs) return connection;
      connection.destroy();
    }
  }

  /** Returns a healthy connection to the pool; one that failed mid-operation is closed instead. */
  release(connection: PoolConnection, broken: boolean): void {
    if (broken) connection.destroy();
    else connection.release();
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}
