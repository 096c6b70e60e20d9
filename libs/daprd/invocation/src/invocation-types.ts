/** Headers as lists of values, names lower-cased (the shape of InternalInvokeRequest.metadata). */
export type HeaderMap = Record<string, string[]>;

/** A service invocation on its way to an app, transport-neutral (Dapr's InvokeMethodRequest). */
export interface InvocationRequest {
  /** Method path without the leading slash; may contain `/`. */
  method: string;
  /** HTTP verb for HTTP apps; gRPC apps ignore it. */
  verb: string;
  /** Raw query string without `?`. */
  query: string;
  contentType: string;
  data: Buffer;
  /** type_url of the Any that carried `data` from a gRPC caller, kept for gRPC apps. */
  dataTypeUrl?: string;
  headers: HeaderMap;
}

/** The app's answer. `status` is an HTTP status when `>= 100`, otherwise a gRPC code (Dapr's convention). */
export interface InvocationResponse {
  status: number;
  /** gRPC status message, for gRPC apps. */
  message?: string;
  headers: HeaderMap;
  trailers?: HeaderMap;
  contentType: string;
  data: Buffer;
  /** type_url of the Any a gRPC app answered with. */
  dataTypeUrl?: string;
}

export function isHttpStatus(status: number): boolean {
  return status >= 100;
}

/**
 * Headers never forwarded: hop-by-hop ones (RFC 9110 §7.6.1), the API token (must not leak to
 * apps or peers), and the ones Dapr recomputes.
 */
const dropped = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  'dapr-api-token',
  'dapr-app-id',
  'dapr-callee-app-id',
  'dapr-caller-app-id',
  'dapr-caller-namespace',
  ':authority',
  ':method',
  ':path',
  ':scheme',
]);

export function isForwardableHeader(name: string): boolean {
  return !dropped.has(name) && !name.startsWith('grpc-');
}

/** Converts node's incoming headers into a HeaderMap, without unforwardable ones. */
export function toHeaderMap(headers: Record<string, string | string[] | undefined>): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (!isForwardableHeader(lower)) continue;
    out[lower] = Array.isArray(value) ? value : [value];
  }
  return out;
}
