/** Bounds for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between checks. Default 100 ms. */
  intervalMs?: number;
}

/**
 * Polls `check` until it returns true; throws once `timeoutMs` has passed without success, saying
 * what was awaited. For effects that happen in the background, such as TTL expiry.
 */
export async function waitFor(what: string, check: () => Promise<boolean>, options: WaitForOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
