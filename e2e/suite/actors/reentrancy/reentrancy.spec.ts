import type { CommunicationProtocolEnum, DaprClient } from '@dapr/dapr';
import { DaprdProcess, PlacementProcess, tempDir } from '@dapr-ts/testing';
import { actorProxy, actorRuntimeOf, sidecarClient } from '../../../support/actor-host';
import { PlainActorApp, type PlainActorCall } from '../../../support/actor-plain-app';
import { inMemoryActorResources, namedActorClass, runSuffix } from '../../../support/actor-resources';
import { outcome, waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Hop {
  type: string;
  id: string;
}
interface Hopper {
  hop(request: { path: Hop[] }): Promise<string[]>;
}

/** How long the app's own calls to other actors may take: a user's deadline, which breaks a deadlock. */
const InnerCallTimeoutMs = 2_000;

/** The proxy needs only a class whose name is the actor type. */
class Named {}

/**
 * A → B → A. The JS SDK never forwards `Dapr-Reentrancy-Id` (dapr/js-sdk#365), so the hosting app
 * is a plain HTTP actor app that does, as Dapr's reentrancy docs show; callers use the SDK's
 * ActorProxyBuilder over both protocols. Reentrancy is on for the app (top-level option) and
 * switched off for two types, and limited to depth 2 for one, through `entitiesConfig`.
 */
describe('actors: reentrancy', () => {
  const suffix = runSuffix();
  const types = { a: `ReA-${suffix}`, b: `ReB-${suffix}`, shallow: `ReShallow-${suffix}`, lockedA: `LockedA-${suffix}`, lockedB: `LockedB-${suffix}` };
  const placement = new PlacementProcess();
  let daprd: DaprdProcess;
  let app: PlainActorApp;
  const clients: DaprClient[] = [];

  const hop = async (call: PlainActorCall): Promise<{ status: number; body: unknown }> => {
    const here = `${call.actorType}/${call.actorId}`;
    const request = (Array.isArray(call.body) ? call.body[0] : call.body) as { path: Hop[] };
    const [next, ...rest] = request.path;
    if (!next) return { status: 200, body: [here] };
    const failed = (why: string): { status: number; body: unknown } => ({ status: 500, body: { error: `${here} → ${next.type}/${next.id} failed: ${why}` } });
    try {
      const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/actors/${next.type}/${encodeURIComponent(next.id)}/method/hop`, {
        method: 'POST',
        body: JSON.stringify({ path: rest }),
        headers: { 'content-type': 'application/json', ...(call.reentrancyId ? { 'dapr-reentrancy-id': call.reentrancyId } : {}) },
        signal: AbortSignal.timeout(InnerCallTimeoutMs),
      });
      const text = await res.text();
      if (res.status !== 200) return failed(`(${res.status}) ${text}`);
      return { status: 200, body: [here, ...(JSON.parse(text) as string[])] };
    } catch (err) {
      return failed(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
  };

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    app = new PlainActorApp(
      {
        entities: Object.values(types),
        actorIdleTimeout: '1h',
        reentrancy: { enabled: true, maxStackDepth: 32 },
        entitiesConfig: [
          { entities: [types.lockedA, types.lockedB], reentrancy: { enabled: false } },
          { entities: [types.shallow], reentrancy: { enabled: true, maxStackDepth: 2 } },
        ],
      },
      hop,
    );
    await app.listen();
    daprd = new DaprdProcess({
      appId: `reentrant-${suffix}`,
      appPort: app.port,
      resourcesPaths: [inMemoryActorResources()],
      registryDir: tempDir('dapr-registry-'),
      // The aborted calls of the deadlock case hold daprd's shutdown for the whole grace period
      // (a sidecar-wide issue, not an actor one): keep it short.
      args: ['--placement-host-address', placement.address, '--dapr-graceful-shutdown-seconds', '1'],
    });
    await daprd.run();
    await daprd.waitUntilAppReady();
    await waitFor('the sidecar to join placement', async () => (await actorRuntimeOf(daprd)).placement === 'placement: connected');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    await daprd?.cleanup();
    await app?.close();
    await placement.cleanup();
  }, 30_000);

  describe.each(Protocols)('called over %s', (_name, protocol: CommunicationProtocolEnum) => {
    const actor = (type: string, id: string): Hopper => {
      const client = sidecarClient(daprd, protocol);
      clients.push(client);
      return actorProxy<Hopper>(namedActorClass(Named, type), client, id);
    };
    const id = `x-${protocol}`;

    it('completes A → B → A when reentrancy is enabled', async () => {
      const trail = await actor(types.a, id).hop({ path: [{ type: types.b, id }, { type: types.a, id }] });
      expect(trail).toEqual([`${types.a}/${id}`, `${types.b}/${id}`, `${types.a}/${id}`]);
    });

    it('lets an actor call itself up to maxStackDepth, and refuses deeper', async () => {
      const self = { type: types.shallow, id };
      expect(await actor(types.shallow, id).hop({ path: [self] })).toEqual([`${types.shallow}/${id}`, `${types.shallow}/${id}`]);
      const tooDeep = await outcome(actor(types.shallow, id).hop({ path: [self, self] }));
      expect(tooDeep.ok).toBe(false);
      if (!tooDeep.ok) expect(tooDeep.error.message).toContain('maximum stack depth exceeded (2)');
    });

    it('fails A → B → A with an error when reentrancy is off, and the actors stay usable', async () => {
      const chain = await outcome(actor(types.lockedA, id).hop({ path: [{ type: types.lockedB, id }, { type: types.lockedA, id }] }));
      expect(chain.ok).toBe(false);
      if (!chain.ok) expect(chain.error.message).toContain(`${types.lockedA}/${id} → ${types.lockedB}/${id} failed: TimeoutError`);
      // Not deadlocked: both turns were given back.
      expect(await actor(types.lockedA, id).hop({ path: [] })).toEqual([`${types.lockedA}/${id}`]);
      expect(await actor(types.lockedB, id).hop({ path: [{ type: types.lockedA, id }] })).toEqual([`${types.lockedB}/${id}`, `${types.lockedA}/${id}`]);
    }, 30_000);
  });
});
