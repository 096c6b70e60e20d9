import { runQuickstartForSuite } from './quickstart-run';

describe('quickstart actors', () => {
  // `dapr init` starts placement in the run's own HOME, as the README's first step does.
  const run = runQuickstartForSuite('actors', () => ({ placement: true }));

  it('calls the SmokeDetectorActor through an ActorProxyBuilder and sees its state, timer and reminder work', async () => {
    const expected = [
      '== APP - smartdeviceclient == Calling setData on SmokeDetectorActor:smoke-detector-1...',
      '== APP - smartdevice == Activating actor id: smoke-detector-1',
      '== APP - smartdevice == Saving data for smoke-detector-1: Location: First Floor, Status: Ready',
      '== APP - smartdeviceclient == Got response: Success',
      '== APP - smartdeviceclient == Device smoke-detector-1 state: Location: First Floor, Status: Ready',
      '== APP - smartdevice == Monitoring smoke-detector-1: heartbeat timer and battery-check reminder registered',
      '== APP - smartdeviceclient == Heartbeat timer fired at least 3 times',
      '== APP - smartdeviceclient == Battery-check reminder fired',
      '== APP - smartdevice == Stopped monitoring smoke-detector-1',
      '== APP - smartdeviceclient == Stopped monitoring',
      '✅  Exited App "smartdeviceclient" successfully',
    ];
    const missing = await run().waitForLines(expected);
    if (missing.length > 0) throw new Error(`missing ${JSON.stringify(missing)} in:\n${run().output}`);
  }, 90_000);

  it('stops cleanly on SIGTERM, freeing every port', async () => {
    expect(await run().stop()).toBe(0);
    expect(await run().busyPorts()).toEqual([]);
  }, 30_000);
});
