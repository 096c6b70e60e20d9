import { errorMessage, shutdownSignal, whenAborted } from '@dapr-ts/kit';
import { DaprdRuntime, type DaprdOptions } from '@dapr-ts/daprd-runtime';
import type { Logger } from '@dapr-ts/logger';
import { createRegistries } from './components/registries';

/**
 * Runs the sidecar until SIGTERM/SIGINT or the shutdown API: the first signal starts a graceful
 * shutdown, a second one exits at once with code 1. Resolves with the exit code.
 */
export async function runDaprd(options: DaprdOptions, logger: Logger): Promise<number> {
  const shutdown = shutdownSignal(logger);

  let runtime: DaprdRuntime;
  try {
    runtime = await DaprdRuntime.start({ options, logger, registries: createRegistries(), env: process.env }, shutdown);
  } catch (err) {
    logger.error(`Fatal error from runtime: ${errorMessage(err)}`);
    return 1;
  }
  const aborted = whenAborted(shutdown).then(() => ({ force: false }));
  const { force } = await Promise.race([aborted, runtime.stopRequested]);
  if (force) {
    logger.warn('Forced shutdown requested (dapr-force-shutdown); exiting now');
    return 1;
  }
  await runtime.stop();
  return 0;
}
