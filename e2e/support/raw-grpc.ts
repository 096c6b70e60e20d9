import { Metadata, credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';

const raw = (b: Buffer): Buffer => b;

/** One unary call with raw bytes, for probing status codes and trailers without generated stubs. */
export function rawUnary(port: number, path: string, request: Buffer = Buffer.alloc(0), metadata = new Metadata()): Promise<ServiceError | null> {
  const Client = makeGenericClientConstructor({}, 'probe');
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, raw, raw, request, metadata, (err) => {
      client.close();
      resolve(err);
    });
  });
}
