export { SecretStoreFeature, SecretNotFoundError, isSecretNotFoundError } from './secret-store';
export type { SecretStore, GetSecretRequest, Secret } from './secret-store';
