export { LocalStorageBinding } from './localstorage-binding';
