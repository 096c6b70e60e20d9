import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCliError } from './cli-error';
import { contentTypeFor, invokeApp, publishEvent, putExtendedMetadata } from './sidecar-client';
import type { RegisteredSidecar } from './sidecar-registry';

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  token: string | undefined;
  body: string;
}

describe('sidecar client', () => {
  let server: Server;
  let seen: Seen[];
  let reply: { status: number; body: string };
  let sidecar: RegisteredSidecar;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], token: req.headers['dapr-api-token'] as string | undefined, body });
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sidecar = { appId: 'orders', namespace: 'default', httpPort: (server.address() as AddressInfo).port, grpcPort: 1, pid: process.pid, startedAt: '' };
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    reply = { status: 200, body: '{"ok":true}' };
  });

  describe('contentTypeFor()', () => {
    it.each([
      ['{"a":1}', 'application/json'],
      ['42', 'application/json'],
      ['{"specversion":"1.0","data":1}', 'application/cloudevents+json'],
      ['hello', 'text/plain'],
    ])('returns the content type for %s', (data, expected) => {
      expect(contentTypeFor(data)).toBe(expected);
    });
  });

  describe('.invokeApp()', () => {
    it('returns the app response after calling the invoke API with verb and body', async () => {
      const res = await invokeApp({ sidecar, method: '/neworder', verb: 'PUT', data: '{"id":1}', apiToken: 'tok' }, signal);
      expect(res).toEqual({ status: 200, contentType: 'application/json', body: '{"ok":true}' });
      expect(seen).toEqual([{ method: 'PUT', url: '/v1.0/invoke/orders/method/neworder', contentType: 'application/json', token: 'tok', body: '{"id":1}' }]);
    });

    it('sends no body on GET', async () => {
      await invokeApp({ sidecar, method: 'order', verb: 'GET', data: 'ignored' }, signal);
      expect(seen).toEqual([{ method: 'GET', url: '/v1.0/invoke/orders/method/order', contentType: undefined, token: undefined, body: '' }]);
    });

    it('throws a CliError carrying the Dapr error message on a failure status', async () => {
      reply = { status: 500, body: '{"errorCode":"ERR_DIRECT_INVOKE","message":"fail to invoke"}' };
      const err: unknown = await invokeApp({ sidecar, method: 'x', verb: 'POST' }, signal).catch((e: unknown) => e);
      expect(isCliError(err)).toBe(true);
      expect((err as Error).message).toBe('error invoking app orders: status 500: fail to invoke');
    });

    it('throws a CliError telling to check dapr list when the sidecar is gone', async () => {
      const err: unknown = await invokeApp({ sidecar: { ...sidecar, httpPort: 1 }, method: 'x', verb: 'POST' }, signal).catch((e: unknown) => e);
      expect(isCliError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^error invoking app orders: the sidecar did not answer \(.+\); check it still runs with 'dapr list'$/);
    });
  });

  describe('.publishEvent()', () => {
    it('posts to the publish API with metadata as query parameters', async () => {
      reply = { status: 204, body: '' };
      await publishEvent({ sidecar, pubsub: 'pubsub', topic: 'orders', data: '{"id":1}', metadata: { ttlInSeconds: '10' } }, signal);
      expect(seen).toEqual([{ method: 'POST', url: '/v1.0/publish/pubsub/orders?metadata.ttlInSeconds=10', contentType: 'application/json', token: undefined, body: '{"id":1}' }]);
    });
  });

  describe('.putExtendedMetadata()', () => {
    it('puts the value as text under /v1.0/metadata/<key>', async () => {
      reply = { status: 204, body: '' };
      await putExtendedMetadata(sidecar.httpPort, 'appPID', '42', signal);
      expect(seen).toEqual([{ method: 'PUT', url: '/v1.0/metadata/appPID', contentType: 'text/plain', token: undefined, body: '42' }]);
    });
  });
});
