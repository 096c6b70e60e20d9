import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

/** Starts an HTTP server on a free loopback port. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** The app under test: reads the request and answers a 1 KB JSON body. */
export function echoApp(): Promise<{ server: Server; port: number }> {
  const reply = JSON.stringify({ data: 'x'.repeat(1000) });
  return listen((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
}

/**
 * The cost floor of a Node hop: a bare reverse proxy on node:http with a keep-alive undici pool,
 * no routing, no headers work. Two of them in a row stand in for a sidecar pair.
 */
export async function bareProxy(targetPort: number): Promise<{ server: Server; port: number; pool: Pool }> {
  const pool = new Pool(`http://127.0.0.1:${targetPort}`, { connections: 64 });
  const { server, port } = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pool
        .request({ method: (req.method ?? 'GET') as 'GET', path: req.url ?? '/', headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' }, body: chunks.length ? Buffer.concat(chunks) : null })
        .then(async (up) => {
          const body = Buffer.from(await up.body.arrayBuffer());
          res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? ''), 'content-length': body.length });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(502);
          res.end();
        });
    });
  });
  return { server, port, pool };
}
