import { commonErrors } from '@dapr-ts/daprd-errors';
import { parseJson, writeNoContent } from '../http-context';
import type { HttpRouter } from '../http-router';

/** The output binding API as the HTTP adapter needs it (daprd-bindings' BindingsApi). */
export interface HttpOutputBindingsApi {
  invoke(request: { name: string; data: Buffer; metadata: Record<string, string>; operation: string }, signal: AbortSignal): Promise<{ data: Buffer | undefined; metadata: Record<string, string> }>;
}

/** `POST|PUT /v1.0/bindings/<name>` with `{data, metadata, operation}` (dapr pkg/api/http onOutputBindingMessage). */
export function addBindingRoutes(router: HttpRouter, api: HttpOutputBindingsApi): void {
  const neverAbort = new AbortController().signal;
  router.add(['POST', 'PUT'], '/v1.0/bindings/:name', async (ctx) => {
    const body = parseJson(await ctx.body()) ?? {};
    if (typeof body !== 'object' || Array.isArray(body) || body === null) throw commonErrors.malformedRequest('expected {"operation": string, "data": any, "metadata": {string: string}}');
    const { data, metadata, operation } = body as { data?: unknown; metadata?: unknown; operation?: unknown };
    if (operation !== undefined && typeof operation !== 'string') throw commonErrors.malformedRequest('"operation" must be a string');
    if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) throw commonErrors.malformedRequest('"metadata" must be an object of strings');
    const traceparent = ctx.req.headers['traceparent'];
    const requestMetadata: Record<string, string> = {};
    for (const [k, v] of Object.entries((metadata as Record<string, unknown> | null | undefined) ?? {})) requestMetadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
    if (typeof traceparent === 'string' && requestMetadata['traceparent'] === undefined) requestMetadata['traceparent'] = traceparent;
    const response = await api.invoke({ name: ctx.params['name'] ?? '', data: payload(data), metadata: requestMetadata, operation: operation ?? '' }, neverAbort);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.metadata)) if (/^[\w.-]+$/.test(k) && !/[\r\n]/.test(v)) headers[`metadata.${k}`] = v;
    if (!response.data || response.data.length === 0) return writeNoContent(ctx.res, headers);
    ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': response.data.length, ...headers });
    ctx.res.end(response.data);
  });
}

/** `data` as the binding receives it: a JSON string is passed as its text, other values as JSON. */
function payload(data: unknown): Buffer {
  if (data === undefined || data === null) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(JSON.stringify(data), 'utf8');
}
