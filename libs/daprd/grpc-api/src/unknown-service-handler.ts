import type { Server, ServerDuplexStream } from '@grpc/grpc-js';

/** Raw frames in, raw frames out: what a proxied call carries. */
export type RawDuplexCall = ServerDuplexStream<Buffer, Buffer>;

const identity = (b: Buffer): Buffer => b;

/**
 * Makes `server` route every method it has no handler for to `handler`, as a raw bidi stream.
 * grpc-js has no public hook for this (Go's grpc.UnknownServiceHandler); it looks handlers up in a
 * private `handlers` Map by path, so we give that Map a fallback. A unit test pins this
 * behaviour, so a grpc-js upgrade that changes it fails loudly instead of silently dropping proxying.
 */
export function installUnknownServiceHandler(server: Server, handler: (call: RawDuplexCall) => void): void {
  const handlers = (server as unknown as { handlers?: unknown }).handlers;
  if (!(handlers instanceof Map)) throw new Error('@grpc/grpc-js internals changed: Server.handlers is not a Map; gRPC proxying cannot be installed');
  const fallback = (path: string): unknown => ({ func: handler, serialize: identity, deserialize: identity, type: 'bidi', path });
  const ownGet = Map.prototype.get;
  Object.defineProperty(handlers, 'get', {
    value: (path: string) => ownGet.call(handlers, path) ?? fallback(path),
  });
}
