import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** HTTP servers on one port across the configured addresses (empty = all interfaces). */
export interface HttpListeners {
  port: number;
  /** Stops accepting, lets in-flight requests finish, then force-closes after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

export async function listenHttp(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  addresses: readonly string[],
  options: { maxHeaderSize: number },
): Promise<HttpListeners> {
  const hosts = addresses.length > 0 ? addresses.map((a) => a.replace(/^\[(.*)\]$/, '$1')) : [undefined];
  const servers: Server[] = [];
  let actualPort = port;
  try {
    for (const host of hosts) {
      // Keep-alive longer than clients' pools (the SDK keeps sockets 30 s), so the server never
      // closes a socket a client is about to reuse.
      const server = createServer({ maxHeaderSize: options.maxHeaderSize, keepAliveTimeout: 65_000, requestTimeout: 0 }, handler);
      server.headersTimeout = 66_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: actualPort, ...(host ? { host } : {}) }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      actualPort = (server.address() as AddressInfo).port;
      servers.push(server);
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }
  return {
    port: actualPort,
    close: async (graceMs) => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              const force = setTimeout(() => server.closeAllConnections(), graceMs);
              // Connections that finish their last request during the grace period turn idle
              // later; a keep-alive socket must not hold shutdown for the whole period.
              const sweep = setInterval(() => server.closeIdleConnections(), 100);
              server.close(() => {
                clearTimeout(force);
                clearInterval(sweep);
                resolve();
              });
              server.closeIdleConnections();
            }),
        ),
      );
    },
  };
}
