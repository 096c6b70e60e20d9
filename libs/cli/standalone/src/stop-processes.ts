import { sleep } from '@dapr-ts/kit';
import { isProcessAlive } from './sidecar-registry';

/**
 * Sends SIGTERM to each pid and waits until all are gone, escalating to SIGKILL after `graceMs`
 * (a CLI stopping its app and daprd needs a few seconds). Resolves with the pids that were running.
 */
export async function stopProcesses(pids: readonly number[], signal: AbortSignal, graceMs = 15_000): Promise<number[]> {
  const running = [...new Set(pids)].filter((pid) => isProcessAlive(pid));
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // exited meanwhile
    }
  }
  const deadline = Date.now() + graceMs;
  while (running.some(isProcessAlive) && Date.now() < deadline && !signal.aborted) await sleep(50, signal);
  for (const pid of running.filter(isProcessAlive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  return running;
}
