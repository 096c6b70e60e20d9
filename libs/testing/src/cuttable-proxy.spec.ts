import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startCuttableProxy, type CuttableProxy } from './cuttable-proxy';

/** A server that echoes what it receives, on 127.0.0.1. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.pipe(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function roundTrip(port: number, payload: string): Promise<{ socket: Socket; echoed: string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(payload);
  const [chunk] = (await once(socket, 'data')) as [Buffer];
  return { socket, echoed: chunk.toString('utf8') };
}

describe('startCuttableProxy()', () => {
  let echo: { server: Server; port: number };
  let proxy: CuttableProxy | undefined;
  beforeAll(async () => {
    echo = await echoServer();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  });

  it('names the target URL with the proxy port, keeping credentials and spelling', async () => {
    proxy = await startCuttableProxy(`amqp://guest:secret@127.0.0.1:${echo.port}`, 5672);
    expect(proxy.url).toBe(`amqp://guest:secret@127.0.0.1:${proxy.port}`);
    const http = await startCuttableProxy(`http://127.0.0.1:${echo.port}`, 80);
    await http.close();
    expect(http.url).toBe(`http://127.0.0.1:${http.port}`);
  });

  it('relays to the target until cut, then accepts new connections', async () => {
    proxy = await startCuttableProxy(`tcp://127.0.0.1:${echo.port}`, 1883);
    const first = await roundTrip(proxy.port, 'hello');
    expect(first.echoed).toBe('hello');
    const closed = once(first.socket, 'close');
    proxy.cut();
    await closed;
    const second = await roundTrip(proxy.port, 'again');
    expect(second.echoed).toBe('again');
    second.socket.destroy();
  });
});
