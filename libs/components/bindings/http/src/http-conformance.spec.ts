import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runBindingConformance } from '@dapr-ts/conformance';
import { nopLogger } from '@dapr-ts/logger';
import { HttpOutputBinding } from './http-output-binding';

/** A local endpoint answering every method with 200 after reading the body. */
let server: Server;
const metadata: Record<string, string> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end(req.method === 'HEAD' ? undefined : 'ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The suite reads metadata when it inits a binding, after this hook has run.
  metadata['url'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

runBindingConformance({
  name: 'bindings.http',
  create: () => new HttpOutputBinding({ logger: nopLogger() }),
  metadata,
  operations: ['create', 'get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'],
  config: {
    // TRACE must not carry a body; the others may, and do, to exercise the request path.
    request: async (operation, key) => ({ data: operation === 'trace' || operation === 'get' || operation === 'head' ? '' : '{"n":1}', metadata: { path: key } }),
  },
});
