import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDaprApiError } from '@dapr-ts/daprd-errors';
import { metadataFromQuery, parseJson, readBody } from './http-context';

/** What the server saw: the body read under the limit, or the error it was refused with. */
type Outcome = { body: string } | { httpStatus: number; errorCode: string; message: string };

describe('readBody()', () => {
  let server: Server;
  let url: string;
  let limit: number;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      readBody(req, limit).then(
        (body) => res.end(JSON.stringify({ body: body.toString('utf8') } satisfies Outcome)),
        (err: unknown) => {
          const outcome: Outcome = isDaprApiError(err) ? { httpStatus: err.httpStatus, errorCode: err.errorCode, message: err.message } : { body: `unexpected ${String(err)}` };
          res.writeHead(200, { connection: 'close' });
          res.end(JSON.stringify(outcome));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    limit = 10;
  });

  /** Sends `chunks` with chunked transfer encoding (no content-length). */
  function sendChunked(chunks: string[]): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST' }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as Outcome));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  const tooLarge = (max: number): Outcome => ({
    httpStatus: 400,
    errorCode: 'ERR_BODY_READ',
    message: `failed to read request body: stream too large: request body exceeds the maximum of ${max} bytes (--max-body-size)`,
  });

  it('returns the whole body when content-length is within the limit', async () => {
    const res = await fetch(url, { method: 'POST', body: '0123456789' });
    expect(await res.json()).toEqual({ body: '0123456789' });
  });

  it('returns an empty buffer for a request without a body', async () => {
    const res = await fetch(url);
    expect(await res.json()).toEqual({ body: '' });
  });

  it('rejects with ERR_BODY_READ when content-length exceeds the limit', async () => {
    const res = await fetch(url, { method: 'POST', body: '01234567890' });
    expect(await res.json()).toEqual(tooLarge(10));
  });

  it('joins a chunked body within the limit', async () => {
    expect(await sendChunked(['01234', '5678', '9'])).toEqual({ body: '0123456789' });
  });

  it('rejects with ERR_BODY_READ when a chunked body grows past the limit', async () => {
    limit = 8;
    expect(await sendChunked(['01234', '56789'])).toEqual(tooLarge(8));
  });
});

describe('parseJson()', () => {
  it('returns undefined for an empty body', () => {
    expect(parseJson(Buffer.alloc(0))).toBeUndefined();
  });

  it('returns the parsed value', () => {
    expect(parseJson(Buffer.from('[{"key":"k","value":{"n":1}}]'))).toEqual([{ key: 'k', value: { n: 1 } }]);
  });

  it('throws 400 ERR_MALFORMED_REQUEST naming the parse error for bad JSON', () => {
    let parseError = '';
    try {
      JSON.parse('{bad');
    } catch (err) {
      parseError = (err as Error).message;
    }
    let thrown: unknown;
    try {
      parseJson(Buffer.from('{bad'));
    } catch (err) {
      thrown = err;
    }
    expect(isDaprApiError(thrown) && { httpStatus: thrown.httpStatus, errorCode: thrown.errorCode, message: thrown.message }).toEqual({
      httpStatus: 400,
      errorCode: 'ERR_MALFORMED_REQUEST',
      message: `failed deserializing HTTP body: ${parseError}`,
    });
  });
});

describe('metadataFromQuery()', () => {
  it.each([
    ['', {}],
    ['metadata.ttlInSeconds=10', { ttlInSeconds: '10' }],
    ['metadata.a=1&consistency=strong&metadata.b=x%20y', { a: '1', b: 'x y' }],
    ['metadata=1&metadataX.a=2&Metadata.c=3', {}],
    ['metadata.a=1&metadata.a=2', { a: '2' }],
  ])('returns the metadata.* parameters of %j', (query, expected) => {
    expect(metadataFromQuery(new URLSearchParams(query))).toEqual(expected);
  });
});
