import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isCliError } from './cli-error';
import { assertRedisReachable } from './redis-probe';

describe('assertRedisReachable()', () => {
  let server: Server;
  let port: number;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    // Answers PING like Redis does.
    server = createServer((socket) => socket.on('data', () => socket.write('+PONG\r\n')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('resolves when something answers PONG', async () => {
    await expect(assertRedisReachable(`127.0.0.1:${port}`, signal)).resolves.toBeUndefined();
  });

  it('throws one CLI line naming the address when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await assertRedisReachable(`127.0.0.1:${free}`, signal).catch((e: unknown) => e);
    expect(isCliError(err)).toBe(true);
    expect((err as Error).message).toBe(`no Redis answered at 127.0.0.1:${free}: start Redis there, pass --redis-host <host:port>, or run dapr init without --redis for in-memory components`);
  });
});
