export { loadResources, loadConfigurationFile } from './load-resources';
export type { LoadOptions } from './load-resources';
export { expandEnvReferences } from './env-expansion';
export { ResourceError, isResourceError } from './resource-error';
export type {
  ApiRule,
  ComponentResource,
  ConfigurationResource,
  ConfigurationSpec,
  LoadedResources,
  MetadataItem,
  OtherResource,
  SecretScope,
} from './resource-types';
