import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface FakeRedisOptions {
  /** What CONFIG GET notify-keyspace-events answers. */
  'notify-keyspace-events'?: string;
  /** Commands (e.g. `CONFIG SET`) answered with a NOPERM error, as an ACL-restricted user gets. */
  refuse?: string[];
}

/**
 * @internal For specs only: a stand-in Redis speaking just enough RESP for a configuration store to
 * connect and read its notification settings, so refusals a shared test server must not be put
 * into (an ACL that denies CONFIG SET while notifications are off) can be exercised.
 */
export async function fakeRedis(options: FakeRedisOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const parsed = parseCommand(buffered);
        if (!parsed) break;
        buffered = buffered.subarray(parsed.length);
        socket.write(reply(parsed.args, options));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(args: string[], options: FakeRedisOptions): string {
  const name = args.slice(0, 2).join(' ').toUpperCase();
  const command = (args[0] ?? '').toUpperCase();
  if (options.refuse?.some((refused) => name.startsWith(refused))) return `-NOPERM this user has no permissions to run the '${args.slice(0, 2).join('|').toLowerCase()}' command\r\n`;
  if (command === 'INFO') return bulk('# Server\r\nredis_version:7.0.0\r\nloading:0\r\n');
  if (command === 'PING') return '+PONG\r\n';
  if (name === 'CONFIG GET') return `*2\r\n${bulk(args[2] ?? '')}${bulk(options['notify-keyspace-events'] ?? '')}`;
  return '+OK\r\n';
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

/** One RESP array of bulk strings from the front of `data`, or undefined when incomplete. */
function parseCommand(data: Buffer): { args: string[]; length: number } | undefined {
  const text = data.toString('latin1');
  const header = /^\*(\d+)\r\n/.exec(text);
  if (!header) return undefined;
  let at = header[0].length;
  const args: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const size = /^\$(\d+)\r\n/.exec(text.slice(at));
    if (!size) return undefined;
    at += size[0].length;
    const end = at + Number(size[1]);
    if (text.length < end + 2) return undefined;
    args.push(text.slice(at, end));
    at = end + 2;
  }
  return { args, length: at };
}
