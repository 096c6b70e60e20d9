import { randomUUID } from 'node:crypto';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { AbstractActor, CommunicationProtocolEnum, type DaprClient } from '@dapr/dapr';
import { runtimeV1 } from '@dapr-ts/proto';
import { DaprdProcess, PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, actorProxy, sidecarClient } from '../../../support/actor-host';
import { actorApi, errorCodeOf } from '../../../support/actor-raw-api';
import { deleteActorKeys, namedActorClass, redisActorResources, runSuffix } from '../../../support/actor-resources';
import { delay, waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Worker {
  where(): Promise<{ activation: string; sidecar: string }>;
  work(ms: number): Promise<string>;
}

/** Turns in progress, per actor id and in total, shared by the three hosts (they all run here). */
const turns = { inside: new Map<string, number>(), maxPerId: 0, running: 0, maxRunning: 0 };
/** Reminder fires seen by any host: `<id>:<data>`. */
const reminded: string[] = [];

class WorkerActor extends AbstractActor implements Worker {
  /** A new one per activation: two calls that see the same value reached the same activation. */
  private readonly activation = randomUUID();

  async where(): Promise<{ activation: string; sidecar: string }> {
    return { activation: this.activation, sidecar: this.getDaprClient().options.daprPort };
  }

  override async receiveReminder(data: unknown): Promise<void> {
    reminded.push(`${this.getActorId().getId()}:${String(data)}`);
  }

  async work(ms: number): Promise<string> {
    const id = this.getActorId().getId();
    const inside = (turns.inside.get(id) ?? 0) + 1;
    turns.inside.set(id, inside);
    turns.maxPerId = Math.max(turns.maxPerId, inside);
    turns.maxRunning = Math.max(turns.maxRunning, ++turns.running);
    try {
      await delay(ms);
      return id;
    } finally {
      turns.inside.set(id, (turns.inside.get(id) ?? 1) - 1);
      turns.running--;
    }
  }
}

const Layouts = [
  ['one app id for all hosts', true],
  ['an app id per host', false],
] as const;

/**
 * Three SDK apps host one actor type behind three sidecars, plus a sidecar with no app that only
 * calls actors; state lives in Redis. Every sidecar, over both protocols, must reach the one
 * activation placement gives an id, and turns of one id must never overlap.
 */
describe.each(Layouts)('actors: three hosts with %s', (_layout, sameAppId) => {
  const suffix = runSuffix();
  const Worker = namedActorClass(WorkerActor, `Worker-${suffix}`);
  const placement = new PlacementProcess();
  const resourcesDir = redisActorResources();
  const registryDir = tempDir('dapr-registry-');
  const hosts: ActorHost[] = [];
  let caller: DaprdProcess;
  /** Every sidecar: the three hosts' and the app-less caller. */
  let sidecars: DaprdProcess[] = [];

  const clients = new Map<string, DaprClient>();
  const proxy = (daprd: DaprdProcess, protocol: CommunicationProtocolEnum, id: string): Worker => {
    const key = `${daprd.httpPort}/${protocol}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = sidecarClient(daprd, protocol)));
    return actorProxy<Worker>(Worker, client, id);
  };
  const ownerOf = async (id: string): Promise<string> => (await proxy(caller, CommunicationProtocolEnum.HTTP, id).where()).sidecar;

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    const started = await Promise.allSettled(
      [1, 2, 3].map((n) => ActorHost.start({ appId: sameAppId ? `workers-${suffix}` : `workers-${n}-${suffix}`, placementAddress: placement.address, actors: [Worker], resourcesDir, registryDir })),
    );
    // Keep every host that started, so afterAll stops it even when another one failed.
    for (const result of started) if (result.status === 'fulfilled') hosts.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    caller = new DaprdProcess({ appId: `caller-${suffix}`, resourcesPaths: [resourcesDir], registryDir, args: ['--placement-host-address', placement.address] });
    await caller.run();
    await caller.waitUntilRunning();
    sidecars = [...hosts.map((h) => h.daprd), caller];
    try {
      await waitFor(
        'placement to list the three hosts and the caller',
        async () => {
          const state = await placement.state();
          return state.hostList.length === 4 && state.hostList.filter((h) => h.actorTypes.includes(Worker.name)).length === 3;
        },
        45_000,
      );
      // Tables reach sidecars a moment after placement lists them: wait until all agree.
      await waitFor(
        'every sidecar to route probe ids alike',
        async () => {
          for (const id of ['probe-1', 'probe-2', 'probe-3', 'probe-4']) {
            const seen = await Promise.all(sidecars.map(async (d) => (await proxy(d, CommunicationProtocolEnum.HTTP, id).where()).activation));
            if (new Set(seen).size !== 1) return false;
          }
          return true;
        },
        45_000,
      );
    } catch (err) {
      const tail = (text: string): string => text.split('\n').slice(-15).join('\n');
      const state = await placement.state().catch((e: Error) => e.message);
      throw new Error(`${(err as Error).message}\nplacement state: ${JSON.stringify(state)}\n--- placement ---\n${tail(placement.logs)}\n${sidecars.map((d, i) => `--- sidecar ${i} ---\n${tail(d.logs)}`).join('\n')}`);
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...clients.values()].map((c) => c.stop()));
    await caller?.cleanup();
    await Promise.all(hosts.map((h) => h.stop()));
    await placement.cleanup();
    await deleteActorKeys(Worker.name);
  });

  it('spreads ids over all three hosts', async () => {
    const owners = await Promise.all(Array.from({ length: 30 }, (_, i) => ownerOf(`spread-${i}`)));
    expect(new Set(owners)).toEqual(new Set(hosts.map((h) => String(h.daprd.httpPort))));
  });

  it('reaches the same activation from every sidecar, over both protocols', async () => {
    for (const id of ['same-1', 'same/2', 'same 3']) {
      const seen: { activation: string; sidecar: string }[] = [];
      for (const daprd of sidecars) for (const [, protocol] of Protocols) seen.push(await proxy(daprd, protocol, id).where());
      expect(seen).toHaveLength(8);
      expect(seen.every((s) => s.activation === seen[0]!.activation && s.sidecar === seen[0]!.sidecar)).toBe(true);
    }
  });

  it('never overlaps the turns of one id while different ids run in parallel', async () => {
    Object.assign(turns, { inside: new Map<string, number>(), maxPerId: 0, running: 0, maxRunning: 0 });
    const ids = ['turn-a', 'turn-b', 'turn-c', 'turn-d', 'turn-e'];
    const calls = ids.flatMap((id, i) =>
      [0, 1, 2, 3].map((n) => {
        const [, protocol] = Protocols[(i + n) % 2]!;
        return proxy(sidecars[(i + n) % sidecars.length]!, protocol, id).work(120);
      }),
    );
    const done = await Promise.all(calls);
    expect(done.sort()).toEqual(ids.flatMap((id) => [id, id, id, id]).sort());
    expect(turns.maxPerId).toBe(1);
    expect(turns.maxRunning).toBeGreaterThan(1);
  }, 30_000);

  it('fires a reminder registered through a host that does not own the actor, and stops it when deleted there', async () => {
    const id = `remote-reminder-${suffix}`;
    const owner = await ownerOf(id);
    const other = hosts.find((h) => String(h.daprd.httpPort) !== owner)!.daprd;
    const created = await actorApi(other, 'POST', `${Worker.name}/${id}/reminders/ping`, { dueTime: '0s', period: '1s', data: 'via-other-host' });
    expect(created.status).toBe(204);
    // The owner learns of it from the shared store (it re-reads its types every few seconds).
    await waitFor('the owner to fire the reminder registered elsewhere', async () => reminded.includes(`${id}:via-other-host`), 20_000);
    expect((await actorApi(other, 'DELETE', `${Worker.name}/${id}/reminders/ping`)).status).toBe(204);
    await delay(7_000);
    const count = reminded.filter((r) => r === `${id}:via-other-host`).length;
    await delay(3_000);
    expect(reminded.filter((r) => r === `${id}:via-other-host`).length).toBe(count);
  }, 45_000);

  it('refuses state operations for an actor another host owns with ERR_ACTOR_INSTANCE_MISSING', async () => {
    const id = 'owned-elsewhere';
    const owner = await ownerOf(id);
    const other = hosts.find((h) => String(h.daprd.httpPort) !== owner)!.daprd;
    const get = await actorApi(other, 'GET', `${Worker.name}/${id}/state/k`);
    expect([get.status, errorCodeOf(get)]).toEqual([400, 'ERR_ACTOR_INSTANCE_MISSING']);
    const save = await actorApi(other, 'POST', `${Worker.name}/${id}/state`, [{ operation: 'upsert', request: { key: 'k', value: 1 } }]);
    expect([save.status, errorCodeOf(save)]).toEqual([400, 'ERR_ACTOR_INSTANCE_MISSING']);
    const grpc = await grpcGetActorState(other.grpcPort, Worker.name, id, 'k');
    expect([grpc?.code, grpc?.details]).toEqual([3, 'actor instance is missing']);
    const onOwner = await actorApi(hosts.find((h) => String(h.daprd.httpPort) === owner)!.daprd, 'GET', `${Worker.name}/${id}/state/k`);
    expect(onOwner.status).toBe(204);
  });
});

/** `GetActorState` with the generated client: resolves with the call's error, or null. */
function grpcGetActorState(port: number, actorType: string, actorId: string, key: string): Promise<ServiceError | null> {
  const client = new runtimeV1.DaprClient(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve) => {
    client.getActorState({ actorType, actorId, key }, (err) => {
      client.close();
      resolve(err);
    });
  });
}
