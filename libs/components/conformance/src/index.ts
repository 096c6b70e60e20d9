export { runStateConformance } from './state-conformance';
export type { StateConformanceConfig, StateOperation } from './state-conformance-config';
export { runSecretStoreConformance } from './secret-store-conformance';
export type { SecretStoreConformanceConfig, SecretStoreOperation } from './secret-store-conformance';
export { uniqueKey } from './unique-key';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
