import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stateErrors } from '@dapr-ts/daprd-errors';
import { nopLogger } from '@dapr-ts/logger';
import { writeJson, writeNoContent, type HttpContext } from './http-context';
import { HttpRouter } from './http-router';
import { createHttpApiHandler, type HttpApiHandlerOptions } from './http-server';

const ErrorInfo = 'type.googleapis.com/google.rpc.ErrorInfo';

describe('createHttpApiHandler()', () => {
  let server: Server;
  let base: string;
  let requests: { method: string | undefined; url: string | undefined; status: number }[];
  let invoked: { appId: string; method: string }[];
  let proxied: string[];

  beforeAll(async () => {
    const router = new HttpRouter();
    router.add('GET', '/v1.0/healthz', async (ctx) => writeNoContent(ctx.res));
    router.add('GET', '/v1.0/params/:name', async (ctx) => writeJson(ctx.res, 200, { name: ctx.params['name'], q: ctx.query.get('q') }));
    router.add('POST', '/v1.0/echo', async (ctx) => writeJson(ctx.res, 200, { body: (await ctx.body()).toString('utf8') }));
    router.add('GET', '/v1.0/fail', async () => {
      throw stateErrors.storeNotFound('nope');
    });
    router.add('GET', '/v1.0/boom', async () => {
      throw new Error('kaput');
    });
    const options: HttpApiHandlerOptions = {
      router,
      apiToken: 'secret',
      maxBodySize: 16,
      logger: nopLogger(),
      invoke: async (ctx: HttpContext, appId: string, method: string) => {
        invoked.push({ appId, method });
        writeNoContent(ctx.res);
      },
      proxy: async (ctx: HttpContext, appId: string) => {
        proxied.push(appId);
        writeNoContent(ctx.res);
      },
      onRequest: (req: IncomingMessage, status: number) => requests.push({ method: req.method, url: req.url, status }),
    };
    server = createServer(createHttpApiHandler(options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests = [];
    invoked = [];
    proxied = [];
  });

  /** `token: null` sends no dapr-api-token header. */
  const call = (path: string, init: RequestInit = {}, token: string | null = 'secret'): Promise<Response> =>
    fetch(base + path, { ...init, headers: { ...(token === null ? {} : { 'dapr-api-token': token }), ...(init.headers as Record<string, string> | undefined) } });

  describe('API token', () => {
    it.each([
      ['missing', null],
      ['wrong', 'nope'],
    ])('answers 401 text/plain "invalid api token" when the token is %s', async (_name, token) => {
      const res = await call('/v1.0/params/x', {}, token);
      expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([401, 'text/plain; charset=utf-8', 'invalid api token']);
    });

    it('lets GET /v1.0/healthz through without a token', async () => {
      expect((await call('/v1.0/healthz', {}, null)).status).toBe(204);
    });
  });

  describe('routing', () => {
    it('passes path params and the query to the handler', async () => {
      const res = await call('/v1.0/params/a%20b?q=1');
      expect([res.status, await res.json()]).toEqual([200, { name: 'a b', q: '1' }]);
    });

    it('answers 404 ERR_NOT_FOUND for an unknown route, naming method and path without the query', async () => {
      const res = await call('/v1.0/nope?x=1', { method: 'DELETE' });
      expect([res.status, res.headers.get('content-type'), await res.json()]).toEqual([
        404,
        'application/json',
        { errorCode: 'ERR_NOT_FOUND', message: 'method "DELETE" is not found: /v1.0/nope', details: [{ '@type': ErrorInfo, reason: 'DAPR_NOT_FOUND', domain: 'dapr.io' }] },
      ]);
    });

    it('sends /v1.0/invoke/<app>/method/<rest> to the invoke hook with the raw method', async () => {
      const res = await call('/v1.0/invoke/orders.prod/method/api/v1/a%2Fb?x=1', { method: 'PATCH' });
      expect([res.status, invoked]).toEqual([204, [{ appId: 'orders.prod', method: 'api/v1/a%2Fb' }]]);
    });

    it.each([
      ['a dapr-app-id header', { 'dapr-app-id': 'orders' }],
      ['basic auth with user dapr-app-id', { authorization: `Basic ${Buffer.from('dapr-app-id:orders').toString('base64')}` }],
    ])('sends an unrouted request carrying %s to the proxy hook', async (_name, headers) => {
      const res = await call('/some/app/path', { headers });
      expect([res.status, proxied]).toEqual([204, ['orders']]);
    });

    it('reports every answered request to onRequest', async () => {
      await (await call('/v1.0/params/x?q=2')).text();
      await (await call('/v1.0/params/x', {}, 'nope')).text();
      expect(requests).toEqual([
        { method: 'GET', url: '/v1.0/params/x?q=2', status: 200 },
        { method: 'GET', url: '/v1.0/params/x', status: 401 },
      ]);
    });
  });

  describe('error funnel', () => {
    it('writes a DaprApiError as {errorCode, message, details}', async () => {
      const res = await call('/v1.0/fail');
      expect([res.status, await res.json()]).toEqual([
        400,
        {
          errorCode: 'ERR_STATE_STORE_NOT_FOUND',
          message: 'state store nope is not found',
          details: [
            { '@type': ErrorInfo, reason: 'DAPR_STATE_NOT_FOUND', domain: 'dapr.io' },
            { '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resource_type: 'state', resource_name: 'nope', owner: '', description: 'state store nope is not found' },
          ],
        },
      ]);
    });

    it('writes any other error as 500 ERR_INTERNAL', async () => {
      const res = await call('/v1.0/boom');
      expect([res.status, await res.json()]).toEqual([
        500,
        { errorCode: 'ERR_INTERNAL', message: 'kaput', details: [{ '@type': ErrorInfo, reason: 'DAPR_INTERNAL', domain: 'dapr.io' }] },
      ]);
    });

    it('reads a body within --max-body-size', async () => {
      const res = await call('/v1.0/echo', { method: 'POST', body: '0123456789abcdef' });
      expect([res.status, await res.json()]).toEqual([200, { body: '0123456789abcdef' }]);
    });

    it('answers 400 ERR_BODY_READ for a body over --max-body-size', async () => {
      const res = await call('/v1.0/echo', { method: 'POST', body: '0123456789abcdefg' });
      expect([res.status, await res.json()]).toEqual([
        400,
        {
          errorCode: 'ERR_BODY_READ',
          message: 'failed to read request body: stream too large: request body exceeds the maximum of 16 bytes (--max-body-size)',
          details: [{ '@type': ErrorInfo, reason: 'DAPR_BODY_READ', domain: 'dapr.io' }],
        },
      ]);
    });
  });
});
