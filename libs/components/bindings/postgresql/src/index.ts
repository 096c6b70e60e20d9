export { PostgresBinding, PostgresBindingOperation } from './postgres-binding';
export type { PostgresBindingOptions } from './postgres-binding';
export { parsePostgresBindingMetadata } from './postgres-binding-metadata';
export type { PostgresBindingMetadata } from './postgres-binding-metadata';
