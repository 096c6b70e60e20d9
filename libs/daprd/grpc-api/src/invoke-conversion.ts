import type { Metadata } from '@grpc/grpc-js';
import { commonV1 } from '@dapr-ts/proto';
import { isForwardableHeader, type HeaderMap, type InvocationRequest } from '@dapr-ts/daprd-invocation';

const verbNames: Record<number, string> = {
  [commonV1.HTTPExtension_Verb.NONE]: 'POST',
  [commonV1.HTTPExtension_Verb.GET]: 'GET',
  [commonV1.HTTPExtension_Verb.HEAD]: 'HEAD',
  [commonV1.HTTPExtension_Verb.POST]: 'POST',
  [commonV1.HTTPExtension_Verb.PUT]: 'PUT',
  [commonV1.HTTPExtension_Verb.DELETE]: 'DELETE',
  [commonV1.HTTPExtension_Verb.CONNECT]: 'CONNECT',
  [commonV1.HTTPExtension_Verb.OPTIONS]: 'OPTIONS',
  [commonV1.HTTPExtension_Verb.TRACE]: 'TRACE',
  [commonV1.HTTPExtension_Verb.PATCH]: 'PATCH',
};

/** HTTP verb name for an HTTPExtension verb; NONE (gRPC callers that set none) means POST, as in Dapr. */
export function verbName(verb: number | undefined): string {
  return verbNames[verb ?? 0] ?? 'POST';
}

export function verbNumber(name: string): commonV1.HTTPExtension_Verb {
  const upper = name.toUpperCase();
  for (const [num, n] of Object.entries(verbNames)) if (n === upper && num !== '0') return Number(num) as commonV1.HTTPExtension_Verb;
  return commonV1.HTTPExtension_Verb.NONE;
}

/** gRPC call metadata → forwardable headers. */
export function headersFromMetadata(metadata: Metadata): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(metadata.getMap())) {
    const lower = name.toLowerCase();
    if (!isForwardableHeader(lower) || lower.endsWith('-bin') || lower === 'user-agent' || lower === 'content-type') continue;
    out[lower] = [typeof value === 'string' ? value : value.toString('base64')];
  }
  return out;
}

/** common.v1.InvokeRequest → the transport-neutral request. */
export function fromInvokeRequest(message: commonV1.InvokeRequest | undefined, headers: HeaderMap): InvocationRequest {
  return {
    method: (message?.method ?? '').replace(/^\/+/, ''),
    verb: verbName(message?.httpExtension?.verb),
    query: message?.httpExtension?.querystring ?? '',
    contentType: message?.contentType ?? '',
    data: message?.data?.value ? Buffer.from(message.data.value) : Buffer.alloc(0),
    dataTypeUrl: message?.data?.typeUrl ?? '',
    headers,
  };
}
