import { FlagError } from '@dapr-ts/kit';
import { createRootLogger } from '@dapr-ts/logger';
import { RuntimeVersion } from '@dapr-ts/daprd-runtime';
import { runDaprd } from './app';
import { parseOptions } from './options';

function main(): void {
  let parsed;
  try {
    parsed = parseOptions(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`${err.message}\nRun 'daprd --help' for the list of flags.\n`);
      process.exit(1);
    }
    throw err;
  }
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`${RuntimeVersion}\n`);
    return;
  }
  const { options } = parsed;
  const logger = createRootLogger({ scope: 'dapr.runtime', level: options.logLevel, json: options.logAsJson, version: RuntimeVersion, ...(options.appId ? { appId: options.appId } : {}) });
  logger.info(`Starting Dapr Runtime -- version ${RuntimeVersion}`);
  void runDaprd(options, logger).then((code) => process.exit(code));
}

main();
