import { AbstractActor, Temporal, type CommunicationProtocolEnum } from '@dapr/dapr';
import { PlacementProcess, tempDir } from '@dapr-ts/testing';
import { ActorHost, type ActorClass } from '../../../support/actor-host';
import { inMemoryActorResources, namedActorClass, runSuffix } from '../../../support/actor-resources';
import { waitFor } from '../../../support/actor-wait';
import { Protocols } from '../../../support/sidecar-pair';

// Sidecars start, crash and shut down here: every test and hook gets the e2e target's budget.
jest.setTimeout(60_000);

interface Ticker {
  startTimer(name: string, dueMs: number, periodMs: number): Promise<void>;
  stopTimer(name: string): Promise<void>;
  startReminder(name: string, periodMs: number): Promise<void>;
  stopReminder(name: string): Promise<void>;
}

/** Every callback the app got, in order: which actor, what data, when. */
const fires: { key: string; data: unknown; at: number }[] = [];
const deactivated = new Set<string>();
const keyOf = (actor: AbstractActor): string => `${actor.getActorType() as string}/${actor.getActorId().getId()}`;
const firesOf = (key: string, data: string): { data: unknown; at: number }[] => fires.filter((f) => f.key === key && f.data === data);

class TickerActor extends AbstractActor implements Ticker {
  async startTimer(name: string, dueMs: number, periodMs: number): Promise<void> {
    // The callback gets only the data, so the data names the timer.
    await this.registerActorTimer(name, 'onTick', Temporal.Duration.from({ milliseconds: dueMs }), Temporal.Duration.from({ milliseconds: periodMs }), undefined, `timer:${name}`);
  }
  async stopTimer(name: string): Promise<void> {
    await this.unregisterActorTimer(name);
  }
  async startReminder(name: string, periodMs: number): Promise<void> {
    await this.registerActorReminder(name, Temporal.Duration.from({ milliseconds: periodMs }), Temporal.Duration.from({ milliseconds: periodMs }), undefined, `reminder:${name}`);
  }
  async stopReminder(name: string): Promise<void> {
    await this.unregisterActorReminder(name);
  }
  async onTick(data: unknown): Promise<void> {
    fires.push({ key: keyOf(this), data, at: Date.now() });
  }
  override async receiveReminder(data: unknown): Promise<void> {
    fires.push({ key: keyOf(this), data, at: Date.now() });
  }
  override async onDeactivate(): Promise<void> {
    deactivated.add(keyOf(this));
  }
}

/**
 * Actor timers registered by the actor itself through the SDK, whose own client speaks HTTP on
 * one host and gRPC on the other (the two send durations differently: `0.5s` vs `PT0.5S`).
 */
describe('actors: timers', () => {
  const suffix = runSuffix();
  const placement = new PlacementProcess();
  const hosts = new Map<CommunicationProtocolEnum, { host: ActorHost; actor: ActorClass }>();

  beforeAll(async () => {
    await placement.run();
    await placement.waitUntilRunning();
    for (const [name, protocol] of Protocols) {
      const Ticker = namedActorClass(TickerActor, `Ticker${name}-${suffix}`);
      // A short idle timeout, to see timers die with their activation.
      const host = await ActorHost.start({ appId: `ticker-${name.toLowerCase()}`, placementAddress: placement.address, actors: [Ticker], resourcesDir: inMemoryActorResources(), registryDir: tempDir('dapr-registry-'), clientProtocol: protocol, runtime: { actorIdleTimeout: '2s' } });
      hosts.set(protocol, { host, actor: Ticker });
    }
  }, 60_000);
  afterAll(async () => {
    for (const { host } of hosts.values()) await host.stop();
    await placement.cleanup();
  });

  describe.each(Protocols)('registered by an app whose client speaks %s', (_name, protocol) => {
    const ticker = (id: string): Ticker => {
      const { host, actor } = hosts.get(protocol)!;
      return host.proxy<Ticker>(actor, id, protocol);
    };
    const key = (id: string): string => `${hosts.get(protocol)!.actor.name}/${id}`;

    it('fires with its data after dueTime, then every period', async () => {
      const before = Date.now();
      await ticker('due').startTimer('t1', 800, 200);
      await waitFor('four fires of t1', () => firesOf(key('due'), 'timer:t1').length >= 4);
      const at = firesOf(key('due'), 'timer:t1').map((f) => f.at);
      // Lower bounds only, from before the registration: fire k is never due before dueTime + k
      // periods, however late (and so however close together) a slow machine delivers them.
      expect(at[0]! - before).toBeGreaterThanOrEqual(800 - 10);
      expect(at[3]! - before).toBeGreaterThanOrEqual(800 + 3 * 200 - 10);
      await ticker('due').stopTimer('t1');
    });

    it('stops firing once unregistered', async () => {
      const actor = ticker('stop');
      await actor.startTimer('gone', 0, 150);
      await actor.startTimer('kept', 0, 150);
      await waitFor('two fires of the timer to unregister', () => firesOf(key('stop'), 'timer:gone').length >= 2);
      await actor.stopTimer('gone');
      // A fire already waiting for the actor's turn may still land (as in Dapr); two fires of the
      // other timer later, everything queued before the unregistration has been delivered.
      const keptAtStop = firesOf(key('stop'), 'timer:kept').length;
      await waitFor('two fires of the kept timer', () => firesOf(key('stop'), 'timer:kept').length >= keptAtStop + 2);
      const gone = firesOf(key('stop'), 'timer:gone').length;
      const kept = firesOf(key('stop'), 'timer:kept').length;
      // Same period: had "gone" survived, it would fire alongside these three.
      await waitFor('three more fires of the kept timer', () => firesOf(key('stop'), 'timer:kept').length >= kept + 3);
      expect(firesOf(key('stop'), 'timer:gone')).toHaveLength(gone);
      await actor.stopTimer('kept');
    });

    it("dies with its activation: a deactivated actor's timer never fires again", async () => {
      // Timer fires count as use (as in Dapr: dapr/docs#3977), so the period outlasts the idle timeout.
      await ticker('idle').startTimer('slow', 0, 4_000);
      // A reminder on another actor keeps ticking meanwhile: the clock the silence is measured on.
      await ticker('clock').startReminder('clock', 500);
      await waitFor('the idle actor to be deactivated', () => deactivated.has(key('idle')), 20_000);
      expect(firesOf(key('idle'), 'timer:slow')).toHaveLength(1);
      const clock = firesOf(key('clock'), 'reminder:clock').length;
      // Eight half-second fires: the timer's second fire was due well before the last of them.
      await waitFor('eight more reminder fires on the other actor', () => firesOf(key('clock'), 'reminder:clock').length >= clock + 8);
      expect(firesOf(key('idle'), 'timer:slow')).toHaveLength(1);
      await ticker('clock').stopReminder('clock');
    }, 40_000);
  });
});
