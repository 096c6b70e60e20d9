import { createServer } from 'node:net';
import { CliError } from './cli-error';

async function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** Whether `port` can be bound on all interfaces right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await tryListen(port)) !== undefined;
}

/** A port free on all interfaces a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === undefined) throw new CliError('no free TCP port left: stop some processes and try again');
  return port;
}

/** Throws the one-line "port in use" error when `port` cannot be bound; `flag` tells the user which to change. */
export async function assertPortFree(port: number, flag: string): Promise<void> {
  if ((await tryListen(port)) === undefined) {
    throw new CliError(`port ${port} is already in use (${flag}): stop the process using it or choose another port with ${flag}`);
  }
}
