import { AbstractActor, CommunicationProtocolEnum, Temporal } from '@dapr/dapr';
import { PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, type ActorClass } from '../../../support/actor-host';
import { actorApi, errorCodeOf } from '../../../support/actor-raw-api';
import { deleteActorKeys, namedActorClass, redisActorResources, runSuffix } from '../../../support/actor-resources';
import { waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Alarm {
  arm(name: string, dueMs: number, periodMs: number): Promise<void>;
  disarm(name: string): Promise<void>;
}

/** Every reminder the apps got (in this process, whichever host), with the sidecar that delivered it. */
const fires: { key: string; data: unknown; via: string }[] = [];
const keyOf = (actor: AbstractActor): string => `${actor.getActorType() as string}/${actor.getActorId().getId()}`;
const count = (key: string, data: string): number => fires.filter((f) => f.key === key && f.data === data).length;

class AlarmActor extends AbstractActor implements Alarm {
  async arm(name: string, dueMs: number, periodMs: number): Promise<void> {
    // receiveReminder gets only the data, so the data names the reminder.
    await this.registerActorReminder(name, Temporal.Duration.from({ milliseconds: dueMs }), Temporal.Duration.from({ milliseconds: periodMs }), undefined, `data:${name}`);
  }
  async disarm(name: string): Promise<void> {
    await this.unregisterActorReminder(name);
  }
  override async receiveReminder(data: unknown): Promise<void> {
    fires.push({ key: keyOf(this), data, via: this.getDaprClient().options.daprPort });
  }
}

/**
 * Reminders registered by the actor itself through the SDK (its own client speaks HTTP on one
 * host, gRPC on the other), persisted in Redis, and on the wire for what the SDK cannot send.
 */
describe('actors: reminders', () => {
  const suffix = runSuffix();
  const placement = new PlacementProcess();
  const resourcesDir = redisActorResources();
  const registryDir = tempDir('dapr-registry-');
  const hosts = new Map<CommunicationProtocolEnum, { host: ActorHost; actor: ActorClass }>();

  const startHost = async (name: string, protocol: CommunicationProtocolEnum): Promise<ActorHost> => {
    const Alarm = hosts.get(protocol)?.actor ?? namedActorClass(AlarmActor, `Alarm${name}-${suffix}`);
    const host = await ActorHost.start({ appId: `alarm-${name.toLowerCase()}-${suffix}`, placementAddress: placement.address, actors: [Alarm], resourcesDir, registryDir, clientProtocol: protocol });
    hosts.set(protocol, { host, actor: Alarm });
    return host;
  };

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    for (const [name, protocol] of Protocols) await startHost(name, protocol);
  }, 60_000);
  afterAll(async () => {
    for (const { host, actor } of hosts.values()) {
      await host.stop();
      await deleteActorKeys(actor.name);
    }
    await placement.cleanup();
  });

  describe.each(Protocols)('registered by an app whose client speaks %s', (name, protocol) => {
    const entry = (): { host: ActorHost; actor: ActorClass } => hosts.get(protocol)!;
    const alarm = (id: string): Alarm => entry().host.proxy<Alarm>(entry().actor, id, protocol);
    const key = (id: string): string => `${entry().actor.name}/${id}`;
    const reminderPath = (id: string, reminder: string): string => `${entry().actor.name}/${id}/reminders/${reminder}`;

    it('fires with its data, and GET returns it', async () => {
      await alarm('a').arm('r1', 0, 1000);
      await waitFor('two fires of r1', () => count(key('a'), 'data:r1') >= 2);
      const res = await actorApi(entry().host.daprd, 'GET', reminderPath('a', 'r1'));
      expect(res.status).toBe(200);
      // The SDK's HTTP client sends `1s`, its gRPC client the ISO `PT1S`; both are kept as sent.
      expect(res.json).toEqual({ actorID: 'a', actorType: entry().actor.name, dueTime: protocol === CommunicationProtocolEnum.HTTP ? '0s' : 'PT0S', period: protocol === CommunicationProtocolEnum.HTTP ? '1s' : 'PT1S', data: 'data:r1' });
      await alarm('a').disarm('r1');
    });

    it('stops firing once unregistered, and GET then answers 404', async () => {
      const actor = alarm('b');
      await actor.arm('gone', 0, 500);
      await actor.arm('kept', 0, 500);
      await waitFor('a fire of the reminder to unregister', () => count(key('b'), 'data:gone') >= 1);
      await actor.disarm('gone');
      // A fire already waiting for the actor's turn may still land; two fires of the other
      // reminder later, everything queued before the unregistration has been delivered.
      const keptAtDisarm = count(key('b'), 'data:kept');
      await waitFor('two fires of the kept reminder', () => count(key('b'), 'data:kept') >= keptAtDisarm + 2);
      const gone = count(key('b'), 'data:gone');
      const kept = count(key('b'), 'data:kept');
      await waitFor('three more fires of the kept reminder', () => count(key('b'), 'data:kept') >= kept + 3);
      expect(count(key('b'), 'data:gone')).toBe(gone);
      const res = await actorApi(entry().host.daprd, 'GET', reminderPath('b', 'gone'));
      expect([res.status, errorCodeOf(res)]).toEqual([404, 'ERR_ACTOR_REMINDER_NOT_FOUND']);
      await actor.disarm('kept');
    });

    it('keeps firing after the host sidecar and app are SIGKILLed and restarted; an unregistered one stays silent', async () => {
      const actor = alarm('c');
      await actor.arm('live', 0, 500);
      await actor.arm('dead', 0, 500);
      await waitFor('both reminders to fire', () => count(key('c'), 'data:live') >= 1 && count(key('c'), 'data:dead') >= 1);
      await actor.disarm('dead');
      await entry().host.kill();
      // Counted once the old host is gone: nothing it still had queued can arrive any more.
      const dead = count(key('c'), 'data:dead');
      const restarted = await startHost(name, protocol);
      const via = String(restarted.port(protocol));
      const firedByRestarted = (): number => fires.filter((f) => f.key === key('c') && f.data === 'data:live' && f.via === via).length;
      await waitFor('three fires of the live reminder from the restarted host', () => firedByRestarted() >= 3, 30_000);
      expect(count(key('c'), 'data:dead')).toBe(dead);
      await alarm('c').disarm('live');
    }, 60_000);
  });

  describe('on the wire', () => {
    const daprd = (): ActorHost['daprd'] => hosts.get(CommunicationProtocolEnum.HTTP)!.host.daprd;
    const type = (): string => hosts.get(CommunicationProtocolEnum.HTTP)!.actor.name;

    it('fires an R3/PT1S reminder exactly three times, then forgets it', async () => {
      const start = (name: string, period: string): Promise<unknown> => actorApi(daprd(), 'POST', `${type()}/rep/reminders/${name}`, { dueTime: '0s', period, data: `data:${name}` });
      expect(await start('three', 'R3/PT1S')).toMatchObject({ status: 204 });
      expect(await start('clock', '1s')).toMatchObject({ status: 204 });
      await waitFor('three fires of R3/PT1S', () => count(`${type()}/rep`, 'data:three') >= 3);
      const clock = count(`${type()}/rep`, 'data:clock');
      // Same period: a fourth fire would come alongside these.
      await waitFor('two more fires of a 1s reminder', () => count(`${type()}/rep`, 'data:clock') >= clock + 2);
      expect(count(`${type()}/rep`, 'data:three')).toBe(3);
      await waitFor('the finished reminder to be gone', async () => (await actorApi(daprd(), 'GET', `${type()}/rep/reminders/three`)).status === 404);
      await actorApi(daprd(), 'DELETE', `${type()}/rep/reminders/clock`);
    }, 30_000);

    it.each([
      ['a period that is no duration', { period: 'every second' }],
      ['zero repetitions', { period: 'R0/PT1S' }],
      ['a negative dueTime', { dueTime: '-1s', period: '1s' }],
      ['an unparsable ttl', { period: '1s', ttl: 'forever' }],
      ['a ttl that ends before the first fire', { dueTime: '10s', period: '1s', ttl: '1s' }],
    ])('answers 400 ERR_ACTOR_REMINDER_CREATE for %s and stores nothing', async (_what, body) => {
      const path = `${type()}/bad/reminders/bad-${Object.values(body).join('-').replace(/[^a-z0-9]/gi, '')}`;
      const res = await actorApi(daprd(), 'POST', path, { ...body, data: 'x' });
      expect([res.status, errorCodeOf(res)]).toEqual([400, 'ERR_ACTOR_REMINDER_CREATE']);
      expect((res.json as { message: string }).message).toMatch(/^error creating actor reminder: invalid (period|dueTime|ttl) /);
      expect((await actorApi(daprd(), 'GET', path)).status).toBe(404);
    });
  });
});
