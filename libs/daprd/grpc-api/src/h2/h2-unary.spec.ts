import type { IncomingHttpHeaders } from 'node:http2';
import { createServer, type AddressInfo } from 'node:net';
import { H2SessionPool } from './h2-session-pool';
import { H2UnaryClient } from './h2-unary-client';
import { H2StatusError, startInternalH2Server, type H2UnaryHandler } from './internal-h2-server';

const Service = '/dapr.proto.internals.v1.ServiceInvocation/';

/** A port that was free a moment ago: listen on 0, note the port, close. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('H2UnaryClient with startInternalH2Server', () => {
  const signal = new AbortController().signal;
  let server: { port: number; close(graceMs: number): Promise<void> };
  let address: string;
  let pool: H2SessionPool;
  let client: H2UnaryClient;
  let seenHeaders: IncomingHttpHeaders[];
  /** The Hang handler's pending answer, set once a call reaches it. */
  let hanging: { entered: Promise<void>; enter: () => void; release: () => void; serverAborted: Promise<void>; abortedOnServer: () => void };

  beforeAll(async () => {
    const unary = new Map<string, H2UnaryHandler>([
      [
        `${Service}Echo`,
        async (request, headers) => {
          seenHeaders.push(headers);
          return Buffer.concat([Buffer.from('echo:'), request]);
        },
      ],
      [
        `${Service}NotFound`,
        async () => {
          throw new H2StatusError(5, 'nope');
        },
      ],
      [
        `${Service}Crash`,
        async () => {
          throw new Error('handler crashed: 100% broken');
        },
      ],
      [
        `${Service}Hang`,
        (_request, _headers, handlerSignal) =>
          new Promise<Buffer>((resolve) => {
            hanging.release = () => resolve(Buffer.from('late'));
            handlerSignal.addEventListener('abort', () => hanging.abortedOnServer());
            hanging.enter();
          }),
      ],
    ]);
    server = await startInternalH2Server({
      port: 0,
      host: '127.0.0.1',
      maxMessageSize: 64,
      unary,
      unimplementedPrefix: Service,
      fallback: (stream) => stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '3', 'grpc-message': 'fallback' }, { endStream: true }),
    });
    address = `127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close(100);
  });

  beforeEach(() => {
    seenHeaders = [];
    let enter = (): void => undefined;
    let aborted = (): void => undefined;
    hanging = {
      entered: new Promise<void>((resolve) => (enter = resolve)),
      enter: () => enter(),
      release: () => undefined,
      serverAborted: new Promise<void>((resolve) => (aborted = resolve)),
      abortedOnServer: () => aborted(),
    };
    pool = new H2SessionPool();
    client = new H2UnaryClient(pool, 64);
  });

  afterEach(() => pool.close());

  describe('.call()', () => {
    it('returns code 0 and the handler answer for a served method, passing the metadata on', async () => {
      const result = await client.call(address, `${Service}Echo`, Buffer.from('ping'), { 'x-caller': 'a' }, signal);
      expect(result).toEqual({ code: 0, details: '', message: Buffer.from('echo:ping') });
      expect(seenHeaders.map((h) => [h['content-type'], h['te'], h['x-caller']])).toEqual([['application/grpc', 'trailers', 'a']]);
    });

    it('passes an empty message through', async () => {
      expect(await client.call(address, `${Service}Echo`, Buffer.alloc(0), {}, signal)).toEqual({ code: 0, details: '', message: Buffer.from('echo:') });
    });

    it('multiplexes concurrent calls over one session', async () => {
      const results = await Promise.all(['a', 'b', 'c'].map((m) => client.call(address, `${Service}Echo`, Buffer.from(m), {}, signal)));
      expect(results.map((r) => r.message?.toString())).toEqual(['echo:a', 'echo:b', 'echo:c']);
      expect(pool.get(address)).toBe(pool.get(address));
    });

    it('returns the code and details of an H2StatusError', async () => {
      expect(await client.call(address, `${Service}NotFound`, Buffer.from('x'), {}, signal)).toEqual({ code: 5, details: 'nope', message: undefined });
    });

    it('returns code 13 with the message of any other handler error', async () => {
      expect(await client.call(address, `${Service}Crash`, Buffer.from('x'), {}, signal)).toEqual({ code: 13, details: 'handler crashed: 100% broken', message: undefined });
    });

    it('returns code 12 for an unknown method under the unimplemented prefix', async () => {
      expect(await client.call(address, `${Service}CallActorStream`, Buffer.from('x'), {}, signal)).toEqual({
        code: 12,
        details: `method ${Service}CallActorStream is not implemented`,
        message: undefined,
      });
    });

    it('sends any other path to the fallback', async () => {
      expect(await client.call(address, '/some.Other/Method', Buffer.from('x'), {}, signal)).toEqual({ code: 3, details: 'fallback', message: undefined });
    });

    it('returns code 8 when the server refuses a request over its maximum message size', async () => {
      expect(await client.call(address, `${Service}Echo`, Buffer.alloc(65), {}, signal)).toEqual({ code: 8, details: 'message of 65 bytes exceeds the maximum of 64', message: undefined });
    });

    it('returns code 8 when the answer exceeds the client maximum message size', async () => {
      const small = new H2UnaryClient(pool, 8);
      expect(await small.call(address, `${Service}Echo`, Buffer.from('long enough'), {}, signal)).toEqual({ code: 8, details: 'message of 16 bytes exceeds the maximum of 8', message: undefined });
    });

    it('returns code 1 when the signal aborts the call', async () => {
      const controller = new AbortController();
      const pending = client.call(address, `${Service}Hang`, Buffer.from('x'), {}, controller.signal);
      await hanging.entered;
      controller.abort();
      expect(await pending).toEqual({ code: 1, details: 'call cancelled', message: undefined });
      // The cancellation reaches the handler on the server, so it can stop its own work.
      await expect(hanging.serverAborted).resolves.toBeUndefined();
      hanging.release();
    });

    it('returns code 14 when nothing listens on the port', async () => {
      const port = await unusedPort();
      const result = await client.call(`127.0.0.1:${port}`, `${Service}Echo`, Buffer.from('x'), {}, signal);
      expect([result.code, result.message]).toEqual([14, undefined]);
      expect(result.details).toContain(`127.0.0.1:${port}`);
    });
  });
});
