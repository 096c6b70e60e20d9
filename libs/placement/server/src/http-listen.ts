import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A plain HTTP server of placement (healthz, metrics). */
export interface RunningHttpServer {
  port: number;
  /** Stops accepting and closes open connections. */
  close(): Promise<void>;
}

/**
 * Listens on `port` at `address` ("" = all interfaces). A failure to listen is rethrown as one
 * line naming the server and the port (`healthz server: cannot listen on port 8080: address already in use`).
 */
export async function listenHttp(
  what: string,
  port: number,
  address: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RunningHttpServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`${what}: cannot listen on ${listenTarget(address, port)}: ${describeListenError(err)}`)));
    server.listen({ port, ...(address !== '' ? { host: address } : {}) }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `port 8080` or `127.0.0.1:8080`, for error messages. */
export function listenTarget(address: string, port: number): string {
  return address === '' ? `port ${port}` : `${address.includes(':') && !address.startsWith('[') ? `[${address}]` : address}:${port}`;
}

/** `EADDRINUSE` and friends in words; other errors keep their message. */
export function describeListenError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'address already in use';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EADDRNOTAVAIL') return 'address not available';
  return (err as Error).message;
}
