export { PostgresStateStore } from './postgres-state-store';
export type { PostgresStateStoreOptions } from './postgres-state-store';
export { parsePostgresStateMetadata, QueryExecModes } from './postgres-state-metadata';
export type { PostgresStateMetadata, QueryExecMode } from './postgres-state-metadata';
export { parsePostgresConnectionString } from './postgres-connection-string';
export { parseKeywordValuePairs } from '@dapr-ts/components-common';
export type { PostgresConnectionSettings } from './postgres-connection-string';
