import { Client, Metadata, credentials, status, type ClientDuplexStream, type StatusObject } from '@grpc/grpc-js';
import type { RawDuplexCall } from './unknown-service-handler';

const identity = (b: Buffer): Buffer => b;

/** Decides where a proxied call goes: `host:port` plus metadata changes, or an error status. */
export type ProxyTarget = { address: string; metadata: Metadata } | { error: { code: number; details: string } };

/**
 * Forwards raw gRPC calls (unary and streaming alike) to another address, frame by frame, with
 * headers, trailers, status and cancellation passed through. Used for `dapr-app-id` gRPC proxying.
 */
export class GrpcProxy {
  private readonly clients = new Map<string, Client>();

  private readonly route: (path: string, metadata: Metadata) => Promise<ProxyTarget>;

  constructor(route: (path: string, metadata: Metadata) => Promise<ProxyTarget>) {
    this.route = route;
  }

  handle(call: RawDuplexCall): void {
    const path = (call as unknown as { getPath(): string }).getPath();
    void this.route(path, call.metadata).then(
      (target) => {
        if ('error' in target) {
          call.emit('error', { code: target.error.code, details: target.error.details, metadata: new Metadata() });
          return;
        }
        this.pipe(call, path, target.address, target.metadata);
      },
      (err: unknown) => call.emit('error', { code: status.INTERNAL, details: `gRPC proxy failed: ${(err as Error).message}`, metadata: new Metadata() }),
    );
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private pipe(call: RawDuplexCall, path: string, address: string, metadata: Metadata): void {
    const deadline = call.getDeadline();
    const upstream: ClientDuplexStream<Buffer, Buffer> = this.client(address).makeBidiStreamRequest(path, identity, identity, metadata, {
      ...(deadline !== Infinity ? { deadline } : {}),
    });
    upstream.on('metadata', (md: Metadata) => call.sendMetadata(md));
    upstream.on('data', (chunk: Buffer) => {
      if (!call.write(chunk)) upstream.pause();
    });
    call.on('drain', () => upstream.resume());
    upstream.on('status', (s: StatusObject) => {
      if (s.code === status.OK) call.end(s.metadata);
      else call.emit('error', { code: s.code, details: s.details, metadata: s.metadata });
    });
    upstream.on('error', () => undefined); // the status event carries the outcome
    call.on('data', (chunk: Buffer) => {
      if (!upstream.write(chunk)) call.pause();
    });
    upstream.on('drain', () => call.resume());
    call.on('end', () => upstream.end());
    call.on('cancelled', () => upstream.cancel());
    call.on('error', () => upstream.cancel());
  }

  private client(address: string): Client {
    let client = this.clients.get(address);
    if (!client) {
      client = new Client(address, credentials.createInsecure(), { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 });
      this.clients.set(address, client);
    }
    return client;
  }
}
