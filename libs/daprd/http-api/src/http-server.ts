import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@dapr-ts/logger';
import { commonErrors } from '@dapr-ts/daprd-errors';
import { isAuthorized } from './api-token';
import { readBody, writeError, type HttpContext } from './http-context';
import type { HttpRouter } from './http-router';

export interface HttpApiHandlerOptions {
  router: HttpRouter;
  apiToken: string | undefined;
  maxBodySize: number;
  logger: Logger;
  /** Handles requests that name a target app in `dapr-app-id` (header or basic auth) but match no route. */
  proxy?: (ctx: HttpContext, appId: string) => Promise<void>;
  /**
   * Handles `/v1.0/invoke/<app-id>/method/<method>` ahead of the router: the hot path, and the
   * method must reach the invocation layer raw (still percent-encoded) to be checked there.
   */
  invoke?: (ctx: HttpContext, appId: string, rawMethod: string) => Promise<void>;
  /** Called with every request that is answered; for API logging and metrics. */
  onRequest?: (req: IncomingMessage, status: number, ms: number) => void;
}

/** Builds the request listener of the Dapr HTTP API: token check, routing, body limit, error funnel. */
export function createHttpApiHandler(options: HttpApiHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, apiToken, maxBodySize, logger } = options;
  return (req, res) => {
    const started = performance.now();
    if (options.onRequest) res.once('finish', () => options.onRequest?.(req, res.statusCode, performance.now() - started));
    if (!isAuthorized(req, apiToken)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('invalid api token');
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
    const ctx: HttpContext = { req, res, params: {}, query, body: () => readBody(req, maxBodySize) };

    const invoke = options.invoke && path.startsWith(InvokePrefix) ? splitInvokePath(path) : undefined;
    const match = invoke ? undefined : router.find(req.method ?? 'GET', path);
    let work: Promise<void>;
    if (invoke && options.invoke) {
      work = options.invoke(ctx, invoke.appId, invoke.method);
    } else if (match) {
      ctx.params = match.params;
      work = match.handler(ctx);
    } else {
      const target = targetAppFromHeaders(req);
      work = target && options.proxy ? options.proxy(ctx, target) : Promise.reject(commonErrors.notFound(req.method ?? '', path));
    }
    work.catch((err: unknown) => {
      const apiError = writeError(res, err);
      logger.debug(`HTTP API ${req.method} ${path} failed: ${apiError.message}`, { errorCode: apiError.errorCode, code: apiError.httpStatus });
      // A refused oversized body is not drained: close the connection instead of reading it.
      if (apiError.errorCode === 'ERR_BODY_READ') res.once('finish', () => req.destroy());
    });
  };
}

const InvokePrefix = '/v1.0/invoke/';

/** `/v1.0/invoke/<app-id>/method/<rest>` → app id (decoded) and the raw method; undefined if not that shape. */
function splitInvokePath(path: string): { appId: string; method: string } | undefined {
  const rest = path.slice(InvokePrefix.length);
  const slash = rest.indexOf('/method/');
  if (slash <= 0) return undefined;
  let appId: string;
  try {
    appId = decodeURIComponent(rest.slice(0, slash));
  } catch {
    return undefined;
  }
  return { appId, method: rest.slice(slash + '/method/'.length) };
}

/** `dapr-app-id` header, or basic auth with user `dapr-app-id` and the app id as password. */
function targetAppFromHeaders(req: IncomingMessage): string | undefined {
  const header = req.headers['dapr-app-id'];
  if (typeof header === 'string' && header !== '') return header;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [user, password] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    if (user === 'dapr-app-id' && password) return password;
  }
  return undefined;
}
