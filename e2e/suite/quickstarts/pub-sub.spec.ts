import { QuickstartRun } from './quickstart-run';

const Orders = Array.from({ length: 10 }, (_, i) => i + 1);

describe('quickstart pub-sub', () => {
  let run: QuickstartRun;

  beforeAll(async () => {
    run = await QuickstartRun.start('pub-sub');
  });
  afterAll(async () => {
    await run?.stop();
  });

  it("prints Dapr's expected publisher and subscriber lines for all ten orders", async () => {
    const expected = Orders.flatMap((id) => [
      `== APP - checkout == Published data: {"orderId":${id}}`,
      `== APP - order-processor == Subscriber received: {"orderId":${id}}`,
    ]);
    const missing = await run.waitForLines(expected);
    if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)} (${run.mode} mode) in:\n${run.output}`);
  }, 90_000);

  it('stops cleanly on SIGTERM, freeing every port', async () => {
    expect(await run.stop()).toEqual(run.mode === 'cli' ? [0] : [0, 0]);
    expect(await run.busyPorts()).toEqual([]);
  }, 30_000);
});
