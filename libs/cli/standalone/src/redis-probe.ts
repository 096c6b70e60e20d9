import { connect } from 'node:net';
import { CliError } from './cli-error';

/**
 * `dapr init --redis` only writes Redis components when a Redis answers at `host:port`: a PING over
 * a plain TCP connection, given 2 s.
 */
export async function assertRedisReachable(hostPort: string, signal: AbortSignal): Promise<void> {
  const at = hostPort.lastIndexOf(':');
  const host = at > 0 ? hostPort.slice(0, at) : hostPort;
  const port = at > 0 ? Number(hostPort.slice(at + 1)) : 6379;
  const ok = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH'));
    });
    socket.once('error', () => resolve(false));
  });
  if (!ok) throw new CliError(`no Redis answered at ${hostPort}: start Redis there, pass --redis-host <host:port>, or run dapr init without --redis for in-memory components`);
}
