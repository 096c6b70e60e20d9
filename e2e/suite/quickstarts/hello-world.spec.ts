import { runQuickstartForSuite } from './quickstart-run';

const Orders = Array.from({ length: 10 }, (_, i) => i + 1);

describe('quickstart hello-world', () => {
  const run = runQuickstartForSuite('hello-world');

  it('prints the order lines of both apps and reads the last order back from the state store', async () => {
    const expected = [
      ...Orders.flatMap((id) => [
        `== APP - nodeapp == Got a new order! Order ID: ${id}`,
        `== APP - nodeapp == Successfully persisted state for Order ID: ${id}`,
        `== APP - orderclient == Order passed: {"orderId":${id}}`,
      ]),
      '== APP - orderclient == Last saved order: {"orderId":10}',
    ];
    const missing = await run().waitForLines(expected);
    if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)} in:\n${run().output}`);
  }, 90_000);

  it('stops cleanly on SIGTERM, freeing every port', async () => {
    expect(await run().stop()).toBe(0);
    expect(await run().busyPorts()).toEqual([]);
  }, 30_000);
});
