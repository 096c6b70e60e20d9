import type { IncomingMessage } from 'node:http';
import { httpStatusFromGrpcCode, invocationErrors } from '@dapr-ts/daprd-errors';
import { InvalidMethodError, isForwardableHeader, isHttpStatus, normalizeMethodPath, toHeaderMap, type DirectMessaging, type InvocationRequest } from '@dapr-ts/daprd-invocation';
import type { HttpContext } from '../http-context';

/** Invokes `target` with the request in `ctx` and streams the app's answer back. */
export async function forward(ctx: HttpContext, messaging: DirectMessaging, target: string, rawMethod: string): Promise<void> {
  if (target === '') throw invocationErrors.noAppId();
  let method: string;
  try {
    method = normalizeMethodPath(rawMethod).encoded;
  } catch (err) {
    if (err instanceof InvalidMethodError) throw invocationErrors.invalidMethod(err.message);
    throw err;
  }
  const url = ctx.req.url ?? '';
  const q = url.indexOf('?');
  const request: InvocationRequest = {
    method,
    verb: ctx.req.method ?? 'GET',
    query: q >= 0 ? url.slice(q + 1) : '',
    contentType: contentTypeOf(ctx.req),
    data: await ctx.body(),
    headers: toHeaderMap(ctx.req.headers),
  };
  delete request.headers['content-type'];
  // A caller that hangs up cancels the call all the way to the app.
  const cancelled = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) cancelled.abort();
  });
  const response = await messaging.invoke(target, request, cancelled.signal);
  const status = isHttpStatus(response.status) ? response.status : httpStatusFromGrpcCode(response.status);
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(response.headers)) if (isForwardableHeader(name) && name !== 'content-type') headers[name] = values;
  if (response.contentType) headers['content-type'] = response.contentType;
  headers['content-length'] = String(response.data.length);
  ctx.res.writeHead(status, headers);
  ctx.res.end(response.data);
}

function contentTypeOf(req: IncomingMessage): string {
  return req.headers['content-type'] ?? '';
}
