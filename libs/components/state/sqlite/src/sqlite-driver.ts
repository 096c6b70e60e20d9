import type * as NodeSqlite from 'node-sqlite3-wasm';

/** The node-sqlite3-wasm module: SQLite compiled to WebAssembly, with real file access. */
export type SqliteDriver = typeof NodeSqlite;
export type SqliteDatabaseHandle = NodeSqlite.Database;
export type SqliteStatement = NodeSqlite.Statement;

let driver: SqliteDriver | undefined;

/**
 * Loads the driver on first use, so sidecars without a SQLite component never compile the
 * WebAssembly. The driver reads its `.wasm` from the folder of the script that loaded it: in the
 * daprd bundle that is dist/apps/daprd, where tools/build-app.mjs copies it.
 */
export function loadSqliteDriver(): SqliteDriver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  driver ??= require('node-sqlite3-wasm') as SqliteDriver;
  return driver;
}
