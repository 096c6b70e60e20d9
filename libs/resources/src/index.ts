export { loadResources, loadConfigurationFile } from './load-resources';
export type { LoadOptions } from './load-resources';
export { expandEnvReferences } from './expand-env-references';
export { ResourceError, isResourceError } from './resource-error';
export type { ResourceErrorDetails } from './resource-error';
export type {
  AccessControlSpec,
  ApiRule,
  ComponentResource,
  ConfigurationResource,
  ConfigurationSpec,
  LoadedResources,
  MetadataItem,
  OtherResource,
  OtherResourceKind,
  SecretScope,
  TracingSpec,
} from './resource-types';
