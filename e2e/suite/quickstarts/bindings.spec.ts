import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@dapr-ts/testing';
import { QuickstartsDir, runQuickstartForSuite } from './quickstart-run';

const Orders = JSON.parse(readFileSync(join(QuickstartsDir, 'bindings/batch/orders.json'), 'utf8')) as { orderid: number }[];

describe('quickstart bindings', () => {
  const outputDir = tempDir('quickstart-bindings-');
  const run = runQuickstartForSuite('bindings', () => ({ env: { QUICKSTART_BINDINGS_DIR: outputDir } }));

  it('writes every order through the output binding on a cron tick and logs it', async () => {
    const expected = [
      '== APP - batch == Processing batch..',
      ...Orders.map((order) => `== APP - batch == Wrote orders/order-${order.orderid}.json: ${JSON.stringify(order)}`),
      '== APP - batch == Finished processing batch',
    ];
    const missing = await run().waitForLines(expected);
    if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)} in:\n${run().output}`);
    const written = Orders.map((order) => JSON.parse(readFileSync(join(outputDir, `orders/order-${order.orderid}.json`), 'utf8')) as unknown);
    expect(written).toEqual(Orders);
  }, 90_000);

  it('stops cleanly on SIGTERM, freeing every port', async () => {
    expect(await run().stop()).toBe(0);
    expect(await run().busyPorts()).toEqual([]);
  }, 30_000);
});
