import type { PlacementState } from './placement-state';
import { listenHttp, type RunningHttpServer } from './http-listen';

export interface HealthzServerOptions {
  port: number;
  /** "" = all interfaces. */
  listenAddress: string;
  /** `GET /healthz` answers 200 while this holds, 503 otherwise. */
  isReady(): boolean;
  /**
   * With `--metadata-enabled`: the body of `GET /placement/state` (undefined while not serving
   * yet: 503); without it the route is 404.
   */
  placementState?: () => PlacementState | undefined;
}

/** Placement's healthz port: `/healthz` and, when enabled, `/placement/state`. */
export function startHealthzServer(options: HealthzServerOptions): Promise<RunningHttpServer> {
  return listenHttp('healthz server', options.port, options.listenAddress, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(options.isReady() ? 200 : 503).end();
      return;
    }
    if (path === '/placement/state' && options.placementState) {
      const state = options.placementState();
      if (state === undefined) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state));
      return;
    }
    res.writeHead(404).end();
  });
}
