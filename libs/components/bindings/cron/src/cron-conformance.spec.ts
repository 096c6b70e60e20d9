import { runBindingConformance } from '@dapr-ts/conformance';
import { nopLogger } from '@dapr-ts/logger';
import { CronBinding } from './cron-binding';

jest.setTimeout(60_000);

runBindingConformance({
  name: 'bindings.cron',
  create: () => new CronBinding({ logger: nopLogger() }),
  metadata: { schedule: '@every 1s' },
  operations: [],
  // The schedule is the source: no produce hook. A failed tick is not retried (contrib neither).
  config: { input: { redelivers: false } },
});
