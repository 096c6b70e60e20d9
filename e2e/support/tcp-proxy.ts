import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP forwarder a test puts between daprd and a shared broker, so it can play a broker restart
 * without stopping the machine's broker: `cut()` destroys every forwarded connection and refuses
 * new ones (accepted, then reset at once, as a restarting server does) until `restore()`.
 */
export class TcpProxy {
  port = 0;
  private server: Server | undefined;
  private readonly pairs = new Map<Socket, Socket>();
  private readonly targetHost: string;
  private readonly targetPort: number;
  private down = false;

  constructor(targetHost: string, targetPort: number) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port; `port` is set once this resolves. */
  async listen(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the TCP proxy has no port');
    this.port = address.port;
  }

  /** How many client connections are forwarded right now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Resets every forwarded connection and refuses new ones until {@link restore}. */
  cut(): void {
    this.down = true;
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  /** Accepts and forwards connections again. */
  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    this.pairs.set(client, upstream);
    const drop = (): void => {
      this.pairs.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
