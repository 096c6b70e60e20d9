export { LocalEnvSecretStore } from './local-env-secret-store';
export type { LocalEnvSecretStoreOptions } from './local-env-secret-store';
