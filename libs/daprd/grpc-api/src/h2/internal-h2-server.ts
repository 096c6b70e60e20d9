import { createServer, type Http2Server, type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { frame, FrameDecoder } from './grpc-frame';
import { respondStatus } from './h2-raw-proxy';

/** A unary method: decoded request bytes and call headers in, response bytes out; `signal` aborts when the caller cancels. */
export type H2UnaryHandler = (request: Buffer, headers: IncomingHttpHeaders, signal: AbortSignal) => Promise<Buffer>;

export interface InternalH2ServerOptions {
  port: number;
  host: string | undefined;
  maxMessageSize: number;
  /** Unary methods by full path, e.g. `/dapr.proto.internals.v1.ServiceInvocation/CallLocal`. */
  unary: ReadonlyMap<string, H2UnaryHandler>;
  /** Paths of the service that exist but are not served yet: answered Unimplemented. */
  unimplementedPrefix: string;
  /** Any other path (gRPC proxying). */
  fallback: (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => void;
}

/** A gRPC error a unary handler throws to answer with a status. */
export class H2StatusError extends Error {
  override readonly name = 'H2StatusError';
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * daprd's internal port on bare node:http2: the hot sidecar-to-sidecar calls are decoded and
 * answered here without grpc-js's per-call machinery; everything else is proxied frame by frame.
 */
export async function startInternalH2Server(options: InternalH2ServerOptions): Promise<{ port: number; close(graceMs: number): Promise<void> }> {
  const server: Http2Server = createServer({ settings: { maxConcurrentStreams: 10_000 } });
  // See H2SessionPool: node:http2 leaves Nagle on, which costs ~40 ms per small response.
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path'] ?? '');
    const handler = options.unary.get(path);
    if (handler) return serveUnary(stream, headers, handler, options.maxMessageSize);
    if (path.startsWith(options.unimplementedPrefix)) return respondStatus(stream, 12, `method ${path} is not implemented`);
    options.fallback(stream, headers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, ...(options.host ? [options.host] : []), () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          for (const s of sessions) s.destroy();
        }, graceMs);
        for (const s of sessions) s.close();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

function serveUnary(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, handler: H2UnaryHandler, maxMessageSize: number): void {
  const decoder = new FrameDecoder(maxMessageSize);
  let request: Buffer | undefined;
  stream.on('data', (chunk: Buffer) => {
    try {
      for (const m of decoder.push(chunk)) request = m;
    } catch (err) {
      respondStatus(stream, 8, (err as Error).message);
    }
  });
  stream.on('error', () => undefined);
  stream.on('end', () => {
    if (stream.headersSent) return;
    if (request === undefined) return respondStatus(stream, 13, 'request carried no message');
    // A stream closed before we answered was cancelled by the caller (RST_STREAM).
    const cancelled = new AbortController();
    stream.once('close', () => {
      if (!stream.headersSent) cancelled.abort();
    });
    handler(request, headers, cancelled.signal).then(
      (response) => {
        if (stream.destroyed) return;
        const trailers: OutgoingHttpHeaders = { 'grpc-status': '0' };
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.once('wantTrailers', () => stream.sendTrailers(trailers));
        stream.end(frame(response));
      },
      (err: unknown) => {
        const code = err instanceof H2StatusError ? err.code : 13;
        respondStatus(stream, code, (err as Error).message ?? String(err));
      },
    );
  });
}

