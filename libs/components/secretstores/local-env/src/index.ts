export { LocalEnvSecretStore } from './local-env-secret-store';
