import { constants, type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import { encodeGrpcMessage } from './grpc-frame';
import type { H2SessionPool } from './h2-session-pool';

const HopHeaders = new Set([':authority', ':scheme', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

/** Ends a gRPC stream with only a status (the "trailers-only" response). */
export function respondStatus(stream: ServerHttp2Stream, code: number, details: string): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) {
    stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(details) }, { endStream: true });
}

/**
 * Forwards one gRPC call at the HTTP/2 level: headers, DATA frames (with backpressure), trailers
 * and cancellation, without decoding messages. Unary and streaming calls alike.
 */
export function proxyStream(
  incoming: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  sessions: H2SessionPool,
  address: string,
  adjust: (headers: OutgoingHttpHeaders) => void,
): void {
  const outgoing: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HopHeaders.has(name) && value !== undefined) outgoing[name] = value;
  adjust(outgoing);
  let upstream;
  try {
    upstream = sessions.get(address).request(outgoing);
  } catch (err) {
    respondStatus(incoming, 14, `cannot reach ${address}: ${(err as Error).message}`);
    return;
  }
  let trailers: OutgoingHttpHeaders | undefined;
  upstream.on('response', (responseHeaders, flags) => {
    const copy: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(responseHeaders)) if (!HopHeaders.has(name) && value !== undefined) copy[name] = value;
    const endStream = (flags & constants.NGHTTP2_FLAG_END_STREAM) !== 0;
    if (incoming.destroyed) return;
    incoming.respond(copy, endStream ? { endStream: true } : { waitForTrailers: true });
  });
  upstream.on('trailers', (t) => {
    trailers = {};
    for (const [name, value] of Object.entries(t)) if (value !== undefined && value !== null) trailers[name] = value as string | string[];
  });
  incoming.on('wantTrailers', () => incoming.sendTrailers(trailers ?? { 'grpc-status': '13', 'grpc-message': 'upstream ended without trailers' }));
  upstream.on('error', (err: Error) => respondStatus(incoming, 14, `connection to ${address} failed: ${err.message}`));
  upstream.on('close', () => {
    if (!incoming.headersSent) respondStatus(incoming, 14, `stream to ${address} closed (code ${upstream.rstCode})`);
    else if (!incoming.writableEnded && !incoming.destroyed) incoming.close(upstream.rstCode ?? constants.NGHTTP2_INTERNAL_ERROR);
  });
  incoming.on('close', () => {
    if (!upstream.closed) upstream.close(constants.NGHTTP2_CANCEL);
  });
  incoming.pipe(upstream);
  upstream.pipe(incoming);
}
