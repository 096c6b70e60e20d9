export { SecretsApi } from './secrets-api';
export type { SecretStoreLookup } from './secrets-api';
export { isSecretAllowed } from './secret-scope';
export type { SecretScopeRule } from './secret-scope';
