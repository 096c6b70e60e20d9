export { isInputBinding, isOutputBinding, BindingOperation, BindingRequestError, isBindingRequestError } from './binding';
export type { BindingComponent, BindingEvent, BindingEventHandler, InputBinding, InvokeRequest, InvokeResponse, OutputBinding } from './binding';
