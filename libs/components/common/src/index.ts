export { MetadataError, isMetadataError } from './component-metadata';
export type { ComponentMetadata } from './component-metadata';
export { MetadataReader } from './metadata-reader';
export { ComponentRegistry, normalizeVersion } from './registry';
export type { ComponentFactory, RegisterOptions } from './registry';
