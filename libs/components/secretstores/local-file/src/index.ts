export { LocalFileSecretStore } from './local-file-secret-store';
