import { listenHttp, type RunningHttpServer } from './http-listen';

export interface MetricsServerOptions {
  port: number;
  /** "" = all interfaces. */
  listenAddress: string;
  /** The Prometheus text body. */
  render(): string;
}

/** Serves `GET /metrics` in the Prometheus text exposition format. */
export function startMetricsServer(options: MetricsServerOptions): Promise<RunningHttpServer> {
  return listenHttp('metrics server', options.port, options.listenAddress, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(options.render());
      return;
    }
    res.writeHead(404).end();
  });
}
