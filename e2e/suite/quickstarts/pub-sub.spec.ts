import { runQuickstartForSuite } from './quickstart-run';

const Orders = Array.from({ length: 10 }, (_, i) => i + 1);

describe('quickstart pub-sub', () => {
  const run = runQuickstartForSuite('pub-sub');

  it("prints Dapr's expected publisher and subscriber lines for all ten orders", async () => {
    const expected = Orders.flatMap((id) => [
      `== APP - checkout == Published data: {"orderId":${id}}`,
      `== APP - order-processor == Subscriber received: {"orderId":${id}}`,
    ]);
    const missing = await run().waitForLines(expected);
    if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)} in:\n${run().output}`);
  }, 90_000);

  it('stops cleanly on SIGTERM, freeing every port', async () => {
    expect(await run().stop()).toBe(0);
    expect(await run().busyPorts()).toEqual([]);
  }, 30_000);
});
