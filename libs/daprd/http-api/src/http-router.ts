import Router from 'find-my-way';
import type { HTTPMethod } from 'find-my-way';
import type { RouteHandler } from './http-context';

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string | undefined>;
}

/** Routes of the Dapr HTTP API. A radix router (find-my-way) keeps lookup cheap on the hot path. */
export class HttpRouter {
  private readonly router = Router({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 4096 });

  add(methods: HTTPMethod | HTTPMethod[], path: string, handler: RouteHandler): void {
    this.router.on(methods, path, () => undefined, { handler });
  }

  find(method: string, path: string): RouteMatch | undefined {
    const found = this.router.find(method as HTTPMethod, path);
    if (!found) return undefined;
    const store = found.store as { handler: RouteHandler } | undefined;
    if (!store) return undefined;
    return { handler: store.handler, params: found.params };
  }
}

/** Every verb, for routes that accept any (invocation, actor methods). */
export const AllMethods: HTTPMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT'];
