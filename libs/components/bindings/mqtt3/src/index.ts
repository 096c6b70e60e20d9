export { Mqtt3Binding, Mqtt3MetadataKey } from './mqtt3-binding';
export type { Mqtt3BindingOptions } from './mqtt3-binding';
export { parseMqtt3BindingMetadata } from './mqtt3-binding-metadata';
export type { Mqtt3BindingMetadata } from './mqtt3-binding-metadata';
