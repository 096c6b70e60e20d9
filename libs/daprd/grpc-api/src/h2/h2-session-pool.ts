import { connect, type ClientHttp2Session } from 'node:http2';

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
    const session = this.tls
      ? connect(`https://${address}`, { settings: { enablePush: false }, rejectUnauthorized: false, ALPNProtocols: ['h2'] })
      : connect(`http://${address}`, { settings: { enablePush: false } });
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
