export { MySqlStateStore } from './mysql-state-store';
export type { MySqlStateStoreOptions } from './mysql-state-store';
export { parseMySqlStateMetadata } from './mysql-state-metadata';
export type { MySqlStateMetadata } from './mysql-state-metadata';
export { parseMySqlConnectionString } from './mysql-connection-string';
export type { MySqlConnectionSettings, MySqlTlsMode } from './mysql-connection-string';
