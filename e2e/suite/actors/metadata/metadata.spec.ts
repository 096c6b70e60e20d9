import { AbstractActor, CommunicationProtocolEnum } from '@dapr/dapr';
import { DaprdProcess, PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, actorRuntimeOf, activeCount, sidecarClient } from '../../../support/actor-host';
import { inMemoryActorResources, namedActorClass, runSuffix } from '../../../support/actor-resources';
import { waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Meter {
  touch(): Promise<string>;
}

class MeterActor extends AbstractActor implements Meter {
  async touch(): Promise<string> {
    return this.getActorId().getId();
  }
}

/** The actor part of the metadata API: the runtime's status, placement and the active actors per type. */
describe('actors: metadata', () => {
  const suffix = runSuffix();
  const Meter = namedActorClass(MeterActor, `Meter-${suffix}`);
  const placement = new PlacementProcess();
  const registryDir = tempDir('dapr-registry-');
  let host: ActorHost;
  let caller: DaprdProcess;
  let disabled: DaprdProcess;

  const start = async (appId: string, args: string[]): Promise<DaprdProcess> => {
    const daprd = new DaprdProcess({ appId, resourcesPaths: [inMemoryActorResources()], registryDir, args });
    await daprd.run();
    await daprd.waitUntilRunning();
    return daprd;
  };

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    host = await ActorHost.start({ appId: 'meters', placementAddress: placement.address, actors: [Meter], resourcesDir: inMemoryActorResources(), registryDir, runtime: { actorIdleTimeout: '2s' } });
    caller = await start('meter-caller', ['--placement-host-address', placement.address]);
    disabled = await start('no-actors', []);
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
    await caller?.cleanup();
    await disabled?.cleanup();
    await placement.cleanup();
  });

  it('reports a running, connected runtime and counts active actors per type', async () => {
    for (const id of ['m1', 'm2', 'm3']) await host.proxy<Meter>(Meter, id, CommunicationProtocolEnum.HTTP).touch();
    const body = (await (await fetch(`http://127.0.0.1:${host.daprd.httpPort}/v1.0/metadata`)).json()) as { actors: unknown; actorRuntime: unknown };
    expect(body.actorRuntime).toEqual({ runtimeStatus: 'RUNNING', hostReady: true, placement: 'placement: connected', activeActors: [{ type: Meter.name, count: 3 }] });
    expect(body.actors).toEqual([{ type: Meter.name, count: 3 }]);
  });

  it.each(Protocols)('shows the counts to the SDK over %s', async (_name, protocol) => {
    await host.proxy<Meter>(Meter, 'sdk', protocol).touch();
    const client = sidecarClient(host.daprd, protocol);
    try {
      const metadata = await client.metadata.get();
      expect(metadata.actors).toEqual([{ type: Meter.name, count: expect.any(Number) }]);
      expect(metadata.actors[0]!.count).toBeGreaterThanOrEqual(1);
    } finally {
      await client.stop();
    }
  });

  it('counts down as idle actors are deactivated', async () => {
    await host.proxy<Meter>(Meter, 'short-lived', CommunicationProtocolEnum.GRPC).touch();
    expect(await activeCount(host.daprd, Meter.name)).toBeGreaterThanOrEqual(1);
    await waitFor('every actor to be deactivated after 2s idle', async () => (await activeCount(host.daprd, Meter.name)) === 0, 15_000);
    expect((await actorRuntimeOf(host.daprd)).activeActors).toEqual([]);
  }, 20_000);

  it('reports a caller-only sidecar as running with no actors of its own', async () => {
    await caller.waitUntilRunning();
    await waitFor('the caller to connect to placement', async () => (await actorRuntimeOf(caller)).placement === 'placement: connected');
    expect(await actorRuntimeOf(caller)).toEqual({ runtimeStatus: 'RUNNING', hostReady: true, placement: 'placement: connected', activeActors: [] });
  });

  it('reports actors as disabled on a sidecar without placement', async () => {
    expect(await actorRuntimeOf(disabled)).toEqual({ runtimeStatus: 'DISABLED', hostReady: false, placement: '', activeActors: [] });
  });
});
