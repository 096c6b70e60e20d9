export { buildApiRouter, buildPublicRouter } from './http-api';
export type { HttpApis } from './http-api';
export { createHttpApiHandler } from './http-server';
export type { HttpApiHandlerOptions } from './http-server';
export { HttpRouter, AllMethods } from './http-router';
export type { HttpContext, RouteHandler } from './http-context';
export { forward as forwardInvocation } from './routes/invoke-routes';
export type { HealthSource } from './routes/health-routes';
export { isAuthorized, tokensEqual } from './api-token';
