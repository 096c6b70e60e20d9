export { SqliteStateStore } from './sqlite-state-store';
export type { SqliteStateStoreOptions } from './sqlite-state-store';
export { parseSqliteStateMetadata } from './sqlite-state-metadata';
export type { SqliteStateMetadata } from './sqlite-state-metadata';
export { parseSqliteConnectionString } from './sqlite-connection-string';
export type { SqliteConnectionSettings } from './sqlite-connection-string';
