import { isBindingRequestError, type InvokeResponse } from '@dapr-ts/components-bindings';
import { bindingErrors, isDaprApiError, messageOf } from '@dapr-ts/daprd-errors';
import type { OutputBindingLookup } from './output-binding-lookup';

/** An output binding call, shaped like Dapr's `InvokeBindingRequest`. */
export interface InvokeBindingMessage {
  name: string;
  data: Buffer;
  metadata: Record<string, string>;
  operation: string;
}

/** What the binding answered, shaped like Dapr's `InvokeBindingResponse`. */
export interface InvokeBindingResult {
  /** Undefined when the binding answered no data or empty data: the HTTP API then answers 204. */
  data: Buffer | undefined;
  /** Sent back as `metadata.<key>` headers (HTTP) or the `metadata` field (gRPC). */
  metadata: Record<string, string>;
  /** Content type of `data`, when the binding knows it. */
  contentType?: string;
}

/**
 * The transport-agnostic output bindings API (Dapr pkg/api/universal bindings parts): finds the
 * binding, checks the operation, calls it and maps its errors onto ERR_INVOKE_OUTPUT_BINDING:
 * unknown binding → 404, unsupported operation or BindingRequestError → 400, anything else → 500.
 */
export class BindingsApi {
  private readonly bindings: OutputBindingLookup;

  constructor(bindings: OutputBindingLookup) {
    this.bindings = bindings;
  }

  async invoke(req: InvokeBindingMessage, signal: AbortSignal): Promise<InvokeBindingResult> {
    const binding = this.bindings.get(req.name);
    if (!binding) throw bindingErrors.notFound(req.name);
    const supported = binding.operations();
    if (!supported.includes(req.operation)) {
      throw bindingErrors.badRequest(req.name, `binding ${req.name} does not support operation ${req.operation}. supported operations: ${supported.join(', ')}`);
    }
    let response: InvokeResponse;
    try {
      response = await binding.invoke({ operation: req.operation, data: req.data, metadata: req.metadata }, signal);
    } catch (err) {
      if (isDaprApiError(err)) throw err;
      if (isBindingRequestError(err)) throw bindingErrors.badRequest(req.name, err.message, err);
      throw bindingErrors.invoke(req.name, messageOf(err), err);
    }
    const data = response.data && response.data.byteLength > 0 ? toBuffer(response.data) : undefined;
    return { data, metadata: response.metadata ?? {}, ...(response.contentType ? { contentType: response.contentType } : {}) };
  }
}

/** A Buffer view of the same bytes, without copying. */
function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
