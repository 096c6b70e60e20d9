import { connect } from 'node:net';
import { sleep } from '@dapr-ts/kit';

/** Resolves once a TCP connect to host:port succeeds; retries every 50 ms until the signal aborts. */
export async function waitForPort(host: string, port: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    await sleep(50, signal);
  }
  throw signal.reason ?? new Error('aborted');
}
