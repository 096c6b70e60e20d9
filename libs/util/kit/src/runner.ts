/**
 * A long-running part of a process (a server, a watcher). `run` resolves when the part stops;
 * it must stop when `signal` aborts. Mirrors dapr kit concurrency.RunnerManager.
 */
export type Runner = (signal: AbortSignal) => Promise<void>;

/**
 * Runs every runner until the first one stops or the parent signal aborts; then aborts the rest
 * and waits for all. The first error, if any, is rethrown.
 */
export async function runAll(runners: readonly Runner[], parent: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(parent.reason);
  if (parent.aborted) stop();
  else parent.addEventListener('abort', stop, { once: true });
  let firstError: unknown;
  await Promise.all(
    runners.map(async (run) => {
      try {
        await run(controller.signal);
      } catch (err) {
        firstError ??= err;
      } finally {
        controller.abort();
      }
    }),
  );
  parent.removeEventListener('abort', stop);
  if (firstError !== undefined) throw firstError;
}

/** Resolves when the signal aborts. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
