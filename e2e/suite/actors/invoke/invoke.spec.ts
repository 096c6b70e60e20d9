import { AbstractActor, CommunicationProtocolEnum, type DaprClient } from '@dapr/dapr';
import { DaprdProcess, PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, actorProxy, sidecarClient } from '../../../support/actor-host';
import { actorApi, errorCodeOf, sdkHttpStatus } from '../../../support/actor-raw-api';
import { inMemoryActorResources, namedActorClass, runSuffix } from '../../../support/actor-resources';
import { outcome } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Echo {
  echo(value: unknown): Promise<unknown>;
  add(a: number, b: number): Promise<number>;
  whoAmI(): Promise<{ id: string; type: string }>;
  missing(): Promise<unknown>;
}

class EchoActor extends AbstractActor {
  async echo(value: unknown): Promise<unknown> {
    return value;
  }
  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
  async whoAmI(): Promise<{ id: string; type: string }> {
    return { id: this.getActorId().getId(), type: this.getActorType() as string };
  }
}

/** Method calls through ActorProxyBuilder over both protocols, against one SDK-hosted actor type. */
describe('actors: invoking methods with the SDK', () => {
  const suffix = runSuffix();
  const Echo = namedActorClass(EchoActor, `Echo-${suffix}`);
  const placement = new PlacementProcess();
  let host: ActorHost;
  let noPlacement: DaprdProcess;

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    host = await ActorHost.start({ appId: 'echo', placementAddress: placement.address, actors: [Echo], resourcesDir: inMemoryActorResources(), registryDir: tempDir('dapr-registry-') });
    noPlacement = new DaprdProcess({ appId: 'no-placement', resourcesPaths: [inMemoryActorResources()], registryDir: tempDir('dapr-registry-') });
    await noPlacement.run();
    await noPlacement.waitUntilRunning();
  }, 60_000);
  afterAll(async () => {
    await host?.stop();
    await noPlacement?.cleanup();
    await placement.cleanup();
  });

  describe.each(Protocols)('over %s', (_name, protocol) => {
    const proxy = (id: string): Echo => host.proxy<Echo>(Echo, id, protocol);

    it('round-trips objects, numbers and strings', async () => {
      const actor = proxy(`values-${protocol}`);
      const order = { id: 7, items: [{ sku: 'a', qty: 2 }], note: 'ünïcode ✓', paid: false, coupon: null };
      expect(await actor.echo(order)).toEqual(order);
      expect(await actor.echo([1, 'two', { three: 3 }])).toEqual([1, 'two', { three: 3 }]);
      expect(await actor.add(40, 2)).toBe(42);
      expect(await actor.add(0.5, -3)).toBe(-2.5);
      expect(await actor.echo('hello actor')).toBe('hello actor');
    });

    it('keeps ids with slashes and spaces intact', async () => {
      for (const id of ['orders/2026/42', 'with space', 'a/b c%2F']) {
        expect(await proxy(id).whoAmI()).toEqual({ id, type: Echo.name });
      }
    });

    it('surfaces a method the actor lacks as an error', async () => {
      const result = await outcome(proxy(`missing-${protocol}`).missing());
      expect(result.ok).toBe(false);
      if (result.ok) return;
      if (protocol === CommunicationProtocolEnum.HTTP) expect(sdkHttpStatus(result.error)).toBe(500);
      expect(result.error.message).toContain('error invoke actor method');
    });

    it('tells the caller that a sidecar without placement has no actors', async () => {
      const client: DaprClient = sidecarClient(noPlacement, protocol);
      try {
        const result = await outcome(actorProxy<Echo>(Echo, client, 'x').echo(1));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toContain('actors are not enabled on this sidecar: start daprd with --placement-host-address');
      } finally {
        await client.stop();
      }
    });
  });

  // The sidecar gives a type it has never seen one table round to appear, then answers: run the
  // three callers at once rather than wait that long three times.
  it('fails fast and clearly for an actor type nobody hosts, over HTTP, gRPC and the wire', async () => {
    const Unknown = namedActorClass(EchoActor, `Unknown-${suffix}`);
    const [http, grpc, wire] = await Promise.all([
      outcome(host.proxy<Echo>(Unknown, 'x', CommunicationProtocolEnum.HTTP).echo(1)),
      outcome(host.proxy<Echo>(Unknown, 'x', CommunicationProtocolEnum.GRPC).echo(1)),
      actorApi(host.daprd, 'POST', `${Unknown.name}/x/method/echo`),
    ]);
    for (const result of [http, grpc]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(`did not find address for actor ${Unknown.name}/x`);
    }
    expect([wire.status, errorCodeOf(wire)]).toEqual([404, 'ERR_ACTOR_NO_ADDRESS']);
  }, 20_000);

  describe('on the wire', () => {
    it('answers any verb on a method and 500 ERR_ACTOR_INVOKE_METHOD for a missing one', async () => {
      const ok = await actorApi(host.daprd, 'GET', `${Echo.name}/wire/method/whoAmI`);
      expect(ok.status).toBe(200);
      expect(ok.json).toEqual({ id: 'wire', type: Echo.name });
      const res = await actorApi(host.daprd, 'GET', `${Echo.name}/wire/method/sayHello`);
      expect(res.status).toBe(500);
      expect(res.contentType).toContain('application/json');
      expect(errorCodeOf(res)).toBe('ERR_ACTOR_INVOKE_METHOD');
    });

    it('decodes %2F inside the id segment', async () => {
      const res = await actorApi(host.daprd, 'POST', `${Echo.name}/${encodeURIComponent('x/y z')}/method/whoAmI`);
      expect(res.json).toEqual({ id: 'x/y z', type: Echo.name });
    });

    it('answers ERR_ACTOR_RUNTIME_NOT_FOUND on a sidecar without placement', async () => {
      const res = await actorApi(noPlacement, 'POST', `${Echo.name}/1/method/echo`, [1]);
      expect([res.status, errorCodeOf(res)]).toEqual([500, 'ERR_ACTOR_RUNTIME_NOT_FOUND']);
    });
  });
});
