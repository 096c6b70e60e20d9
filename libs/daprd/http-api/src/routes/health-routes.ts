import { commonErrors } from '@dapr-ts/daprd-errors';
import { writeNoContent } from '../http-context';
import type { HttpRouter } from '../http-router';

/** What the health routes ask the runtime. */
export interface HealthSource {
  appId: string;
  /** Runtime, servers and app channel are up. */
  isReady(): boolean;
  /** Components and APIs are up (even if the app is not yet reachable). */
  isOutboundReady(): boolean;
}

/** `GET /v1.0/healthz` and `/v1.0/healthz/outbound` (Dapr pkg/api/http/healthz.go). */
export function addHealthRoutes(router: HttpRouter, health: HealthSource): void {
  router.add('GET', '/v1.0/healthz', async (ctx) => {
    const appId = ctx.query.get('appid');
    if (appId !== null && appId !== health.appId) throw commonErrors.healthAppIdMismatch();
    if (!health.isReady()) throw commonErrors.healthNotReady();
    writeNoContent(ctx.res);
  });
  router.add('GET', '/v1.0/healthz/outbound', async (ctx) => {
    if (!health.isOutboundReady()) throw commonErrors.outboundNotReady();
    writeNoContent(ctx.res);
  });
}

/** `POST /v1.0/shutdown`: 204, then a graceful shutdown; `dapr-force-shutdown: true` exits at once. */
export function addShutdownRoute(router: HttpRouter, shutdown: (force: boolean) => void): void {
  router.add(['POST', 'PUT'], '/v1.0/shutdown', async (ctx) => {
    const force = String(ctx.req.headers['dapr-force-shutdown'] ?? '').toLowerCase() === 'true';
    writeNoContent(ctx.res);
    ctx.res.once('finish', () => shutdown(force));
  });
}
