import { connect as dial, createServer, type Socket } from 'node:net';

/** A loopback TCP proxy to a test server whose connections a test can cut, to simulate a network failure. */
export interface CuttableProxy {
  /** The target URL with host and port replaced by the proxy's (credentials and path kept). */
  url: string;
  port: number;
  /** Destroys every proxied connection (new ones are still accepted). */
  cut(): void;
  close(): Promise<void>;
}

/**
 * Starts a {@link CuttableProxy} on 127.0.0.1, port 0, in front of `target` (a URL such as
 * `amqp://guest:guest@127.0.0.1:5672`; `defaultPort` when it names none).
 */
export async function startCuttableProxy(target: string, defaultPort: number): Promise<CuttableProxy> {
  const upstreamUrl = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = dial(Number(upstreamUrl.port || defaultPort), upstreamUrl.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = new URL(upstreamUrl.href);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    // Keep the target's spelling: special schemes (http:) gain a "/" path the target may not have had.
    url: !target.endsWith('/') && url.href.endsWith('/') ? url.href.slice(0, -1) : url.href,
    port,
    cut,
    close: () => {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
