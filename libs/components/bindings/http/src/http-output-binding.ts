import { STATUS_CODES } from 'node:http';
import { request } from 'undici';
import { BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import type { ComponentMetadata } from '@dapr-ts/components-common';
import { formatGoDuration } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { parseHttpBindingMetadata, type HttpBindingMetadata } from './http-binding-metadata';
import { HttpStatusError } from './http-status-error';

export interface HttpOutputBindingOptions {
  /** Component-scoped logger; truncated response bodies are reported here. */
  logger: Logger;
}

/** Operation → HTTP method; `create` is POST for backward compatibility. */
const Methods: Readonly<Record<string, string>> = {
  create: 'POST',
  get: 'GET',
  head: 'HEAD',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  options: 'OPTIONS',
  trace: 'TRACE',
};

const DefaultContentType = 'application/json; charset=utf-8';

/** Trace context the runtime puts in the request metadata; forwarded although lower-case. */
const TraceHeaders = ['traceparent', 'tracestate'];

/**
 * `bindings.http`: calls an HTTP endpoint (contrib bindings/http). Metadata: `url` (required),
 * `responseTimeout`, `maxResponseBodySize` (default 100Mi; longer bodies are cut there, as in
 * contrib), `errorIfNot2XX` (default true), `securityToken` + `securityTokenHeader`. The mTLS
 * fields are refused (not implemented).
 *
 * Request metadata: `path` is appended to `url` after one `/`; every key starting with an upper-case
 * letter (`Content-Type`, `Accept`, `Authorization`…) is sent as a header, as the Dapr docs
 * specify, plus `traceparent`/`tracestate`. A non-empty body without a `Content-Type` is sent as
 * `application/json; charset=utf-8`.
 *
 * Response: data is the body; metadata holds `statusCode`, `status` (`"200 OK"`) and the response
 * headers under Go's canonical names (`Content-Type`), repeated values joined with `, `.
 */
export class HttpOutputBinding implements OutputBinding {
  private readonly logger: Logger;
  private metadata: HttpBindingMetadata | undefined;

  constructor(options: HttpOutputBindingOptions) {
    this.logger = options.logger;
  }

  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.metadata = parseHttpBindingMetadata(metadata.properties);
  }

  operations(): readonly string[] {
    return Object.keys(Methods);
  }

  /**
   * Sends one request. Throws BindingRequestError for an unknown operation or headers that cannot
   * be sent, HttpStatusError for a non-2xx answer when `errorIfNot2XX` is on, and a plain Error when
   * the endpoint cannot be reached or does not answer in time.
   */
  async invoke(req: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    const md = this.metadata;
    if (!md) throw new Error('http binding: invoke() called before init()');
    const method = Methods[req.operation];
    if (method === undefined) throw new BindingRequestError(`operation "${req.operation}" is not supported; supported operations: ${this.operations().join(', ')}`);

    const path = req.metadata['path'];
    const url = path ? `${md.url}/${path.replace(/^\/+/, '')}` : md.url;
    const headers = requestHeaders(req, md);
    const timeout = md.responseTimeoutMs > 0 ? AbortSignal.timeout(md.responseTimeoutMs) : undefined;

    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method,
        headers,
        ...(req.data.byteLength > 0 ? { body: req.data } : {}),
        signal: timeout ? AbortSignal.any([signal, timeout]) : signal,
      });
    } catch (err) {
      if (codeOf(err) === 'UND_ERR_INVALID_ARG') throw new BindingRequestError(`cannot send the request: ${messageOf(err)}`, { cause: err });
      if (timeout?.aborted && !signal.aborted) throw new Error(`${method} ${url}: no response within ${formatGoDuration(md.responseTimeoutMs)}`, { cause: err });
      throw new Error(`${method} ${url}: ${messageOf(err)}`, { cause: err });
    }

    const data = await this.readBody(response.body, md.maxResponseBodySize, url);
    const statusCode = response.statusCode;
    if (md.errorIfNot2XX && (statusCode < 200 || statusCode > 299)) throw new HttpStatusError(statusCode, data);

    const metadata: Record<string, string> = { statusCode: String(statusCode), status: statusLine(statusCode) };
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) metadata[canonicalHeaderName(name)] = Array.isArray(value) ? value.join(', ') : value;
    }
    const contentType = response.headers['content-type'];
    return { data, metadata, ...(typeof contentType === 'string' ? { contentType } : {}) };
  }

  async close(): Promise<void> {
    this.metadata = undefined;
  }

  /** Reads at most `limit` bytes, then drops the rest of the body (contrib reads through a LimitReader). */
  private async readBody(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, limit: number, url: string): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body) {
      const room = limit - size;
      if (chunk.byteLength > room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        this.logger.warn(`response body from ${url} is longer than maxResponseBodySize (${limit} bytes) and was truncated`);
        body.destroy();
        break;
      }
      chunks.push(chunk);
      size += chunk.byteLength;
    }
    return Buffer.concat(chunks, size);
  }
}

function requestHeaders(req: InvokeRequest, md: HttpBindingMetadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.metadata)) {
    if (/^\p{Lu}/u.test(key) || TraceHeaders.includes(key)) headers[key] = value;
  }
  if (md.securityHeader) headers[md.securityHeader.name] = md.securityHeader.value;
  if (req.data.byteLength > 0 && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = DefaultContentType;
  return headers;
}

/** Go's `resp.Status`: the code and its reason phrase. */
function statusLine(code: number): string {
  const reason = STATUS_CODES[code];
  return reason ? `${code} ${reason}` : String(code);
}

/** Go's canonical MIME header key: `content-type` → `Content-Type`. */
function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/** Duck-typed: errors from other realms (jest, undici) fail `instanceof Error`. */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
