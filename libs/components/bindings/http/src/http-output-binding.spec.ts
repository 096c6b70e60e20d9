import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isBindingRequestError, type InvokeRequest } from '@dapr-ts/components-bindings';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { HttpOutputBinding } from './http-output-binding';
import { isHttpStatusError } from './http-status-error';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('HttpOutputBinding', () => {
  const signal = new AbortController().signal;
  let server: Server;
  let base: string;
  let received: Received[];
  /** What the test server answers; tests replace it. */
  let respond: (res: ServerResponse, req: Received) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
        received.push(entry);
        respond(res, entry);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
    respond = (res) => res.end();
  });

  async function open(properties: Record<string, string> = {}, logger: Logger = nopLogger()): Promise<HttpOutputBinding> {
    const binding = new HttpOutputBinding({ logger });
    await binding.init({ name: 'http', properties: { url: `${base}/api`, ...properties } }, signal);
    return binding;
  }

  function call(binding: HttpOutputBinding, operation: string, metadata: Record<string, string> = {}, data = ''): ReturnType<HttpOutputBinding['invoke']> {
    const req: InvokeRequest = { operation, data: Buffer.from(data), metadata };
    return binding.invoke(req, signal);
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => 'no error',
      (err: unknown) => err,
    );
  }

  describe('.operations()', () => {
    it('returns the HTTP verbs plus create', async () => {
      expect((await open()).operations()).toEqual(['create', 'get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace']);
    });
  });

  describe('.invoke()', () => {
    it.each([
      ['create', 'POST'],
      ['get', 'GET'],
      ['post', 'POST'],
      ['put', 'PUT'],
      ['patch', 'PATCH'],
      ['delete', 'DELETE'],
      ['options', 'OPTIONS'],
      ['trace', 'TRACE'],
      ['head', 'HEAD'],
    ])('sends operation %s as %s to the base url', async (operation, method) => {
      await call(await open(), operation);
      expect(received.map(({ method, url }) => ({ method, url }))).toEqual([{ method, url: '/api' }]);
    });

    it.each([
      ['/things/1234', '/api/things/1234'],
      ['things/1234', '/api/things/1234'],
      ['//search?lastName=Jones', '/api/search?lastName=Jones'],
    ])('appends path %j after one slash', async (path, url) => {
      await call(await open({ url: `${base}/api/` }), 'get', { path });
      expect(received.map((r) => r.url)).toEqual([url]);
    });

    it('sends the data as body with the default JSON content type', async () => {
      await call(await open(), 'post', {}, '{"a":1}');
      expect(received[0]).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    });

    it('sends no content type when there is no data', async () => {
      await call(await open(), 'get');
      expect(received[0]?.headers['content-type']).toBeUndefined();
    });

    it('sends metadata keys starting with a capital letter as headers, and trace context, but no other keys', async () => {
      await call(await open(), 'post', { 'Content-Type': 'text/plain', Accept: 'text/csv', 'X-Custom': 'x', lower: 'no', path: '/p', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, 'hi');
      const headers = received[0]?.headers ?? {};
      expect({ ct: headers['content-type'], accept: headers['accept'], custom: headers['x-custom'], lower: headers['lower'], path: headers['path'], tp: headers['traceparent'] }).toEqual({
        ct: 'text/plain',
        accept: 'text/csv',
        custom: 'x',
        lower: undefined,
        path: undefined,
        tp: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
      expect(received[0]?.body).toBe('hi');
    });

    it('adds the security token header', async () => {
      await call(await open({ securityToken: 's3cret', securityTokenHeader: 'X-Token' }), 'get');
      expect(received[0]?.headers['x-token']).toBe('s3cret');
    });

    it('returns the body as data and status and headers as metadata', async () => {
      respond = (res) => {
        res.statusCode = 201;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-multi-value', ['a', 'b']);
        res.end('{"id":7}');
      };
      const response = await call(await open(), 'post', {}, '{}');
      expect(Buffer.from(response.data ?? new Uint8Array()).toString()).toBe('{"id":7}');
      expect(response.contentType).toBe('application/json');
      expect(response.metadata).toMatchObject({ statusCode: '201', status: '201 Created', 'Content-Type': 'application/json', 'X-Multi-Value': 'a, b', 'Content-Length': '8' });
    });

    it('returns an empty body for head', async () => {
      respond = (res) => {
        res.setHeader('content-length', '5');
        res.end();
      };
      const response = await call(await open(), 'head');
      expect(response.data).toEqual(Buffer.alloc(0));
      expect(response.metadata).toMatchObject({ statusCode: '200', status: '200 OK' });
    });

    it('throws HttpStatusError (not a caller error) for a 4xx answer by default', async () => {
      respond = (res) => {
        res.statusCode = 404;
        res.end('nope');
      };
      const err = await failure(call(await open(), 'get'));
      expect(isHttpStatusError(err)).toBe(true);
      expect(isBindingRequestError(err)).toBe(false);
      expect(err).toMatchObject({ message: 'received status code 404', statusCode: 404, body: Buffer.from('nope') });
    });

    it('throws HttpStatusError for a 5xx answer by default', async () => {
      respond = (res) => {
        res.statusCode = 503;
        res.end();
      };
      await expect(call(await open(), 'get')).rejects.toMatchObject({ name: 'HttpStatusError', message: 'received status code 503' });
    });

    it('returns a non-2xx answer as a response when errorIfNot2XX is false', async () => {
      respond = (res) => {
        res.statusCode = 500;
        res.end('boom');
      };
      const response = await call(await open({ errorIfNot2XX: 'false' }), 'get');
      expect(Buffer.from(response.data ?? new Uint8Array()).toString()).toBe('boom');
      expect(response.metadata).toMatchObject({ statusCode: '500', status: '500 Internal Server Error' });
    });

    it('truncates the body at maxResponseBodySize and warns', async () => {
      const warnings: string[] = [];
      const logger: Logger = { ...nopLogger(), warn: (msg: string) => void warnings.push(msg) };
      respond = (res) => res.end('x'.repeat(5000));
      const response = await call(await open({ maxResponseBodySize: '1Ki' }, logger), 'get');
      expect(response.data?.byteLength).toBe(1024);
      expect(warnings).toEqual([`response body from ${base}/api is longer than maxResponseBodySize (1024 bytes) and was truncated`]);
    });

    it('reads the whole body when maxResponseBodySize is 0', async () => {
      respond = (res) => res.end('y'.repeat(5000));
      const response = await call(await open({ maxResponseBodySize: '0' }), 'get');
      expect(response.data?.byteLength).toBe(5000);
    });

    it('throws BindingRequestError for an unsupported operation', async () => {
      const err = await failure(call(await open(), 'list'));
      expect(isBindingRequestError(err)).toBe(true);
      expect(err).toMatchObject({ message: 'operation "list" is not supported; supported operations: create, get, head, post, put, patch, delete, options, trace' });
      expect(received).toEqual([]);
    });

    it('throws BindingRequestError for a header value that cannot be sent', async () => {
      const err = await failure(call(await open(), 'get', { 'X-Bad': 'a\nb' }));
      expect(isBindingRequestError(err)).toBe(true);
      expect(received).toEqual([]);
    });

    it('throws a plain Error naming the request when the endpoint is unreachable', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
      await new Promise((resolve) => closed.close(resolve));
      const binding = new HttpOutputBinding({ logger: nopLogger() });
      await binding.init({ name: 'http', properties: { url } }, signal);
      const err = await failure(call(binding, 'get'));
      expect(isBindingRequestError(err)).toBe(false);
      expect((err as Error).message).toMatch(new RegExp(`^GET ${url}: .*ECONNREFUSED`));
    });

    it('gives up after responseTimeout', async () => {
      respond = () => undefined;
      const err = await failure(call(await open({ responseTimeout: '50ms' }), 'get'));
      expect((err as Error).message).toBe(`GET ${base}/api: no response within 50ms`);
    });

    it('rejects when the caller aborts', async () => {
      respond = () => undefined;
      const controller = new AbortController();
      const pending = (await open()).invoke({ operation: 'get', data: Buffer.alloc(0), metadata: {} }, controller.signal);
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      const err = await failure(pending);
      expect((err as Error).message).toMatch(new RegExp(`^GET ${base}/api: `));
    });
  });

  describe('.init()', () => {
    async function initError(properties: Record<string, string>): Promise<unknown> {
      return failure(new HttpOutputBinding({ logger: nopLogger() }).init({ name: 'http', properties }, signal));
    }

    it.each([
      [{}, 'url', 'metadata field "url": is required'],
      [{ url: 'not a url' }, 'url', 'metadata field "url": "not a url" is not a valid URL'],
      [{ url: 'ftp://host/x' }, 'url', 'metadata field "url": "ftp://host/x" must use http or https'],
      [{ url: 'http://h', maxResponseBodySize: 'lots' }, 'maxResponseBodySize', 'metadata field "maxResponseBodySize": "lots" is not a size (e.g. 100Mi, 512Ki, 1048576)'],
      [{ url: 'http://h', responseTimeout: 'soon' }, 'responseTimeout', 'metadata field "responseTimeout": "soon" is not a duration (e.g. 5s, 1m30s, PT5S)'],
      [{ url: 'http://h', securityToken: 't' }, 'securityTokenHeader', 'metadata field "securityTokenHeader": is required when securityToken is set'],
      [{ url: 'http://h', securityToken: 't', securityTokenHeader: 'Authorization: Bearer' }, 'securityTokenHeader', 'metadata field "securityTokenHeader": "Authorization: Bearer" is not a valid header name'],
      [{ url: 'http://h', MTLSRootCA: '/ca.pem' }, 'MTLSRootCA', 'metadata field "MTLSRootCA": is not supported by this runtime (mTLS is not implemented)'],
    ])('rejects %j with a MetadataError naming %s', async (properties, field, message) => {
      expect(await initError(properties)).toMatchObject({ name: 'MetadataError', field, message });
    });

    it('matches metadata names case-insensitively', async () => {
      respond = (res) => {
        res.statusCode = 500;
        res.end();
      };
      const binding = new HttpOutputBinding({ logger: nopLogger() });
      await binding.init({ name: 'http', properties: { URL: base, ERRORIFNOT2XX: 'false' } }, signal);
      await expect(call(binding, 'get')).resolves.toMatchObject({ metadata: { statusCode: '500' } });
    });
  });
});
