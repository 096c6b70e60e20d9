import { createServer, type Server } from 'node:http';
import { freePort } from '@dapr-ts/testing';

/** One actor method call as the sidecar delivers it (`PUT /actors/<type>/<id>/method/<method>`). */
export interface PlainActorCall {
  actorType: string;
  actorId: string;
  method: string;
  body: unknown;
  /** `Dapr-Reentrancy-Id`, when the sidecar sent one. */
  reentrancyId: string | undefined;
}

export type PlainActorHandler = (call: PlainActorCall) => Promise<{ status: number; body: unknown }>;

/**
 * An actor app written against Dapr's app contract with node:http alone (`GET /dapr/config`,
 * `PUT .../method/...`, `DELETE /actors/<type>/<id>`), for what the JS SDK cannot do: it never
 * forwards `Dapr-Reentrancy-Id` (dapr/js-sdk#365), so reentrant call chains need an app that
 * does, as Dapr's reentrancy docs show.
 */
export class PlainActorApp {
  port = 0;
  readonly deactivations: string[] = [];
  private readonly config: unknown;
  private readonly handler: PlainActorHandler;
  private server: Server | undefined;

  /** `config` is served as is at `GET /dapr/config`. */
  constructor(config: unknown, handler: PlainActorHandler) {
    this.config = config;
    this.handler = handler;
  }

  async listen(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (status: number, body: unknown): void => {
          const payload = body === undefined ? '' : JSON.stringify(body);
          res.writeHead(status, payload ? { 'content-type': 'application/json' } : {});
          res.end(payload);
        };
        const url = new URL(req.url ?? '/', 'http://app');
        const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
        if (req.method === 'GET' && url.pathname === '/dapr/config') return send(200, this.config);
        if (req.method === 'GET' && url.pathname === '/healthz') return send(200, 'ok');
        if (req.method === 'DELETE' && parts[0] === 'actors' && parts.length === 3) {
          this.deactivations.push(`${parts[1]}/${parts[2]}`);
          return send(200, undefined);
        }
        if (req.method === 'PUT' && parts[0] === 'actors' && parts[3] === 'method' && parts.length >= 5) {
          const text = Buffer.concat(chunks).toString('utf8');
          const header = req.headers['dapr-reentrancy-id'];
          const call: PlainActorCall = {
            actorType: parts[1]!,
            actorId: parts[2]!,
            method: parts.slice(4).join('/'),
            body: text ? (JSON.parse(text) as unknown) : undefined,
            reentrancyId: Array.isArray(header) ? header[0] : header,
          };
          this.handler(call).then(
            (r) => send(r.status, r.body),
            (err: unknown) => send(500, { error: err instanceof Error ? err.message : String(err) }),
          );
          return;
        }
        send(404, { error: `no route for ${req.method} ${url.pathname}` });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
