/** setTimeout's largest delay (about 24.8 days); a longer one would fire at once. */
const MaxTimeoutMs = 2_147_483_647;

/**
 * Calls `fn` once the clock `now` reaches `at` (epoch ms). Delays past setTimeout's limit are
 * waited in steps, so a `P30D` reminder does not fire early. The timer is unref'd: a pending fire
 * never keeps the process alive. Returns a function that cancels the wake-up.
 */
export function wakeAt(at: number, now: () => number, fn: () => void): () => void {
  let handle: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const delay = Math.max(0, at - now());
    handle = delay > MaxTimeoutMs ? setTimeout(arm, MaxTimeoutMs) : setTimeout(fn, delay);
    handle.unref();
  };
  arm();
  return () => clearTimeout(handle);
}

/** Resolves after `ms`, or at once when `signal` aborts; unref'd like {@link wakeAt}. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(handle);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const handle = setTimeout(done, ms);
    handle.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
