import { connect, type ClientHttp2Session } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * One HTTP/2 session per `host:port`, reopened when it closes, errors or is told to go away.
 * HTTP/2 multiplexes every call to a peer over that one connection.
 */
export class H2SessionPool {
  private readonly sessions = new Map<string, ClientHttp2Session>();
  private readonly tls: boolean;

  /**
   * `tls`: speak HTTP/2 over TLS without verifying the peer, as Dapr's app channel does for
   * `--app-protocol grpcs` (a local app with its own certificate).
   */
  constructor(options: { tls?: boolean } = {}) {
    this.tls = options.tls ?? false;
  }

  get(address: string): ClientHttp2Session {
    const existing = this.sessions.get(address);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const { host, port } = splitAddress(address);
    // Without TCP_NODELAY, small gRPC frames wait on Nagle's algorithm and the peer's delayed
    // ACK: ~40 ms per call on Linux. node:http sets it by default; node:http2 does not.
    const session = connect(`${this.tls ? 'https' : 'http'}://${address}`, {
      settings: { enablePush: false },
      createConnection: () => {
        const socket = this.tls ? tlsConnect({ host, port, ALPNProtocols: ['h2'], rejectUnauthorized: false, servername: undefined }) : netConnect({ host, port });
        socket.setNoDelay(true);
        return socket;
      },
    });
    const forget = (): void => {
      if (this.sessions.get(address) === session) this.sessions.delete(address);
    };
    session.on('error', forget);
    session.on('close', forget);
    session.on('goaway', forget);
    // The event loop may exit while only idle sessions remain.
    session.unref();
    this.sessions.set(address, session);
    return session;
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}

/** `host:port` or `[v6]:port` → parts for net.connect. */
function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}
