import { setLogger } from '@grpc/grpc-js';
import { runBinary } from '@dapr-ts/kit';
import { createRootLogger } from '@dapr-ts/logger';
import { PlacementVersion } from '@dapr-ts/placement-server';
import { runPlacement } from './app';
import { parseOptions } from './options';

runBinary({
  parse: parseOptions,
  version: PlacementVersion,
  run: (options) => {
    const logger = createRootLogger({ scope: 'dapr.placement', level: options.logLevel, json: options.logAsJson, version: PlacementVersion });
    // grpc-js writes its own errors (e.g. a failed bind) to stderr; keep them as debug lines in our format.
    const grpcLogger = logger.child({ scope: 'dapr.placement.grpc' });
    setLogger({ error: (...args: unknown[]) => grpcLogger.debug(args.map(String).join(' ')) });
    logger.info(`Starting Dapr Placement Service -- version ${PlacementVersion}`);
    for (const flag of options.ignoredFlags) logger.debug(`Flag --${flag} is accepted for compatibility with Dapr and ignored`);
    return runPlacement(options, logger);
  },
});
