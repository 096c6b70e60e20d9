import { DaprdRuntime, type DaprdOptions } from '@dapr-ts/daprd-runtime';
import type { Logger } from '@dapr-ts/logger';
import { createRegistries } from './components/registries';

/**
 * Runs the sidecar until SIGTERM/SIGINT or the shutdown API: the first signal starts a graceful
 * shutdown, a second one exits at once with code 1. Resolves with the exit code.
 */
export async function runDaprd(options: DaprdOptions, logger: Logger): Promise<number> {
  const root = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) process.exit(1);
    logger.info(`Received signal '${signal}'; beginning shutdown`);
    root.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let runtime: DaprdRuntime;
  try {
    runtime = await DaprdRuntime.start({ options, logger, registries: createRegistries(), env: process.env }, root.signal);
  } catch (err) {
    logger.error(`Fatal error from runtime: ${(err as Error).message}`);
    return 1;
  }
  const aborted = new Promise<{ force: boolean }>((resolve) => root.signal.addEventListener('abort', () => resolve({ force: false }), { once: true }));
  const { force } = await Promise.race([aborted, runtime.stopRequested]);
  if (force) {
    logger.warn('Forced shutdown requested (dapr-force-shutdown); exiting now');
    return 1;
  }
  await runtime.stop();
  return 0;
}
