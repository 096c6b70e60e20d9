import { runBinary } from '@dapr-ts/kit';
import { createRootLogger } from '@dapr-ts/logger';
import { RuntimeVersion } from '@dapr-ts/daprd-runtime';
import { runDaprd } from './app';
import { parseOptions } from './options';

runBinary({
  parse: parseOptions,
  version: RuntimeVersion,
  usageHint: "Run 'daprd --help' for the list of flags.",
  run: (options) => {
    const logger = createRootLogger({ scope: 'dapr.runtime', level: options.logLevel, json: options.logAsJson, version: RuntimeVersion, ...(options.appId ? { appId: options.appId } : {}) });
    logger.info(`Starting Dapr Runtime -- version ${RuntimeVersion}`);
    return runDaprd(options, logger);
  },
});
