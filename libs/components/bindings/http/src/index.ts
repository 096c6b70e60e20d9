export { HttpOutputBinding } from './http-output-binding';
export type { HttpOutputBindingOptions } from './http-output-binding';
export { HttpStatusError, isHttpStatusError } from './http-status-error';
export { parseHttpBindingMetadata, DefaultMaxResponseBodySize } from './http-binding-metadata';
export type { HttpBindingMetadata } from './http-binding-metadata';
