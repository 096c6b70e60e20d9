export { BindingsApi } from './bindings-api';
export type { InvokeBindingMessage, InvokeBindingResult } from './bindings-api';
export type { OutputBindingLookup } from './output-binding-lookup';
export { InputBindingsRunner } from './input-bindings-runner';
export type { InputBindingEntry, InputBindingsRunnerOptions } from './input-bindings-runner';
export { parseBindingDirection, bindingRuntimeMetadata } from './binding-runtime-metadata';
export type { BindingDirection, BindingRuntimeMetadata } from './binding-runtime-metadata';
