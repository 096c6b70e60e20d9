export { loadComponents } from './load-components';
export type { LoadComponentsOptions } from './load-components';
export { ComponentStore } from './component-store';
export { ComponentLoadError } from './component-error';
export type { ComponentRegistries } from './component-registries';
export type { RegisteredInputBinding } from './component-store';
