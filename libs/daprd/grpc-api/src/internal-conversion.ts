import { type commonV1, internalsV1 } from '@dapr-ts/proto';
import type { HeaderMap, InvocationRequest, InvocationResponse } from '@dapr-ts/daprd-invocation';
import { verbName, verbNumber } from './invoke-conversion';

/** InvocationRequest → InternalInvokeRequest (what goes from sidecar to sidecar). */
export function toInternalRequest(request: InvocationRequest): internalsV1.InternalInvokeRequest {
  return {
    ver: internalsV1.APIVersion.V1,
    metadata: toListMap(request.headers),
    message: {
      method: request.method,
      data: { typeUrl: request.dataTypeUrl ?? '', value: request.data },
      contentType: request.contentType,
      httpExtension: { verb: verbNumber(request.verb), querystring: request.query },
    },
    actor: undefined,
  };
}

export function fromInternalRequest(message: internalsV1.InternalInvokeRequest): InvocationRequest {
  const invoke: commonV1.InvokeRequest | undefined = message.message;
  return {
    method: invoke?.method ?? '',
    verb: verbName(invoke?.httpExtension?.verb),
    query: invoke?.httpExtension?.querystring ?? '',
    contentType: invoke?.contentType ?? '',
    data: invoke?.data?.value ? Buffer.from(invoke.data.value) : Buffer.alloc(0),
    dataTypeUrl: invoke?.data?.typeUrl ?? '',
    headers: fromListMap(message.metadata),
  };
}

export function toInternalResponse(response: InvocationResponse): internalsV1.InternalInvokeResponse {
  return {
    status: { code: response.status, message: response.message ?? '', details: [] },
    headers: toListMap(response.headers),
    trailers: toListMap(response.trailers ?? {}),
    message: { data: { typeUrl: response.dataTypeUrl ?? '', value: response.data }, contentType: response.contentType },
  };
}

export function fromInternalResponse(message: internalsV1.InternalInvokeResponse): InvocationResponse {
  return {
    status: message.status?.code ?? 0,
    message: message.status?.message ?? '',
    headers: fromListMap(message.headers),
    trailers: fromListMap(message.trailers),
    contentType: message.message?.contentType ?? '',
    data: message.message?.data?.value ? Buffer.from(message.message.data.value) : Buffer.alloc(0),
    dataTypeUrl: message.message?.data?.typeUrl ?? '',
  };
}

function toListMap(headers: HeaderMap): { [key: string]: internalsV1.ListStringValue } {
  const out: { [key: string]: internalsV1.ListStringValue } = {};
  for (const [name, values] of Object.entries(headers)) out[name] = { values };
  return out;
}

function fromListMap(map: { [key: string]: internalsV1.ListStringValue } | undefined): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, list] of Object.entries(map ?? {})) out[name.toLowerCase()] = list.values;
  return out;
}
