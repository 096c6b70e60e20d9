import type { ComponentMetadata } from '@dapr-ts/components-common';

/** What input and output bindings share. One component may be both (e.g. `bindings.kafka`). */
export interface BindingComponent {
  /** Parses metadata and connects. Throws MetadataError naming the field on bad metadata. */
  init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** An event an input binding read from its source. */
export interface BindingEvent {
  data: Uint8Array;
  metadata: Record<string, string>;
  /** Content type of `data`, when the source knows it. */
  contentType?: string;
}

/**
 * Hands one event to the app. Resolves with the app's reply data when the app accepted the
 * event; rejects when it did not, and the binding then retries or drops per its own guarantee.
 */
export type BindingEventHandler = (event: BindingEvent, signal: AbortSignal) => Promise<Uint8Array | undefined>;

/** Input bindings trigger the app from an external source (contrib bindings/input_binding.go). */
export interface InputBinding extends BindingComponent {
  /**
   * Starts reading and calling `handler`; resolves once reading has started. Stops when `signal`
   * aborts: no new event is handed over, those in flight finish.
   */
  read(handler: BindingEventHandler, signal: AbortSignal): Promise<void>;
}

export interface InvokeRequest {
  operation: string;
  data: Uint8Array;
  metadata: Record<string, string>;
}

export interface InvokeResponse {
  /** Absent when the operation returns nothing (the API then answers 204). */
  data?: Uint8Array;
  metadata?: Record<string, string>;
  contentType?: string;
}

/** Output bindings let the app call an external resource (contrib bindings/output_binding.go). */
export interface OutputBinding extends BindingComponent {
  /** The operations `invoke` accepts, e.g. `create`, `get`. */
  operations(): readonly string[];
  /** Runs one operation. Throws BindingRequestError for a caller's mistake, other errors for failures. */
  invoke(request: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse>;
}

export function isInputBinding(binding: BindingComponent): binding is InputBinding {
  return typeof (binding as Partial<InputBinding>).read === 'function';
}

export function isOutputBinding(binding: BindingComponent): binding is OutputBinding {
  return typeof (binding as Partial<OutputBinding>).invoke === 'function';
}

/** Common operation names (contrib bindings/requests.go). */
export const BindingOperation = {
  Create: 'create',
  Get: 'get',
  Delete: 'delete',
  List: 'list',
} as const;

const requestErrorBrand: unique symbol = Symbol.for('dapr-ts.BindingRequestError');

/** The request itself is wrong (missing metadata, a path escaping the root): the caller's mistake. */
export class BindingRequestError extends Error {
  readonly [requestErrorBrand] = true;
  override readonly name = 'BindingRequestError';
}

export function isBindingRequestError(value: unknown): value is BindingRequestError {
  return typeof value === 'object' && value !== null && (value as { [requestErrorBrand]?: boolean })[requestErrorBrand] === true;
}
