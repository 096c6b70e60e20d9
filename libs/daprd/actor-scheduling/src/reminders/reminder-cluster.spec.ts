import { waitFor } from '@dapr-ts/conformance';
import { sleep } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { fireRecorder, reminderServiceFixture } from '../scheduling-spec-helpers';
import { reminderMetaKey, reminderPartitionKey, reminderPartitionOf, reminderTrackKey } from './reminder-keys';
import type { Reminder, ReminderFireResult } from './reminder-types';

/**
 * Several sidecars (ReminderServices) over one actor state store: restarts, races between writers
 * and ownership split across hosts.
 */
const signal = new AbortController().signal;
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 5000, intervalMs: 5 });

const recorder = (behaviour: (reminder: Reminder) => Promise<ReminderFireResult> = async () => 'ok') => fireRecorder(behaviour);

/** An in-memory store whose next read of `key` answers only when the test releases it: a stale read. */
class HeldReadStore extends InMemoryStateStore {
  private held: { key: string; released: Promise<void>; reached: () => void } | undefined;

  /** Holds the next read of `key`; resolves `reached` once that read has taken its snapshot. */
  holdNextRead(key: string): { reached: Promise<void>; release: () => void } {
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.held = { key, released: new Promise<void>((resolve) => (release = resolve)), reached };
    return { reached: reachedPromise, release };
  }

  override async get(...args: Parameters<InMemoryStateStore['get']>): ReturnType<InMemoryStateStore['get']> {
    const result = await super.get(...args);
    const held = this.held;
    if (held && held.key === args[0].key) {
      this.held = undefined;
      held.reached();
      await held.released;
    }
    return result;
  }
}

describe('ReminderService across sidecars', () => {
  const { open, raw } = reminderServiceFixture(() => new InMemoryStateStore());

  describe('a restarted sidecar', () => {
    it('resumes with the repetitions left', async () => {
      const first = recorder();
      const before = open({ fire: first.fire });
      await before.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R5/PT0.1S' });
      await until('two fires', () => first.fires.length >= 2);
      await before.stop();
      const firedBefore = first.fires.length;

      const second = recorder();
      const after = open({ fire: second.fire });
      await after.rebalance(['Cart']);
      await until('the reminder to be deleted', async () => (await after.get('Cart', 'c1', 'r')) === undefined);
      await sleep(300);
      expect(firedBefore + second.fires.length).toBe(5);
    });

    it('fires an overdue reminder once, then continues its period from then', async () => {
      const first = recorder();
      const before = open({ fire: first.fire });
      await before.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '2s' });
      await until('the first fire', () => first.fires.length === 1);
      await until('its progress to be saved', async () => (await raw(reminderTrackKey('Cart', 'c1', 'r'))) !== undefined);
      await before.stop();

      // The sidecar comes back 20 s later: 10 periods were missed.
      const second = recorder();
      const after = open({ fire: second.fire, now: () => Date.now() + 20_000 });
      await after.rebalance(['Cart']);
      await until('the overdue fire', () => second.fires.length === 1);
      await sleep(500);
      expect(second.fires).toHaveLength(1);
      await until('the next period', () => second.fires.length === 2);
    });

    it('restarts a re-registered reminder from scratch', async () => {
      const first = recorder();
      const before = open({ fire: first.fire });
      await before.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R3/PT0.05S', data: 'old' });
      await until('two fires', () => first.fires.length >= 2);
      await before.create({ actorType: 'Cart', actorId: 'c1', name: 'r', dueTime: '1h', period: 'R3/PT0.05S', data: 'new' });
      await before.stop();

      const second = recorder();
      const after = open({ fire: second.fire });
      await after.rebalance(['Cart']);
      await sleep(200);
      expect(second.fires).toEqual([]);
      expect(await raw(reminderTrackKey('Cart', 'c1', 'r'))).toBeUndefined();
      expect((await after.get('Cart', 'c1', 'r'))?.data).toBe('new');
    });

    it('never brings back a deleted reminder', async () => {
      const first = recorder(async (reminder) => {
        await service.delete(reminder.actorType, reminder.actorId, reminder.name);
        return 'ok';
      });
      const service = open({ fire: first.fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'self', period: '50ms' });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'plain', dueTime: '1h' });
      await service.delete('Cart', 'c1', 'plain');
      await until('the self-deleting fire', () => first.fires.length === 1);
      await service.stop();

      const second = recorder();
      const after = open({ fire: second.fire });
      await after.rebalance(['Cart']);
      await sleep(200);
      expect(second.fires).toEqual([]);
      expect(await after.list('Cart')).toEqual([]);
    });
  });

  describe('concurrent writers', () => {
    it('keeps every reminder when two sidecars write the same partition at once', async () => {
      const a = open({ fire: recorder().fire, partitionsFor: () => 1 });
      const b = open({ fire: recorder().fire, partitionsFor: () => 1 });
      const names = Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`);
      await Promise.all(names.flatMap((name) => [a.create({ actorType: 'Cart', actorId: 'a', name, dueTime: '1h' }), b.create({ actorType: 'Cart', actorId: 'b', name, dueTime: '1h' })]));
      const listed = await a.list('Cart');
      expect(listed.map((r) => `${r.actorId}/${r.name}`)).toEqual([...names.map((n) => `a/${n}`), ...names.map((n) => `b/${n}`)]);
      expect(await raw(reminderMetaKey('Cart'))).toEqual({ partitions: 1 });
    });

    it('spreads actor ids over the configured partitions and keeps the first writer’s count', async () => {
      const a = open({ fire: recorder().fire, partitionsFor: () => 4 });
      const ids = Array.from({ length: 20 }, (_, i) => `actor-${i}`);
      for (const id of ids) await a.create({ actorType: 'Cart', actorId: id, name: 'r', dueTime: '1h' });
      const partitions = await Promise.all([0, 1, 2, 3].map(async (p) => ((await raw(reminderPartitionKey('Cart', p))) ?? []) as { actorId: string }[]));
      expect(partitions.filter((p) => p.length > 0).length).toBeGreaterThan(1);
      for (const [p, reminders] of partitions.entries()) for (const r of reminders) expect(reminderPartitionOf(r.actorId, 4)).toBe(p);
      expect(partitions.flat().map((r) => r.actorId).sort()).toEqual([...ids].sort());

      const lines: string[] = [];
      const logger: Logger = { ...nopLogger(), warn: (msg) => void lines.push(msg) };
      const b = open({ fire: recorder().fire, partitionsFor: () => 8, logger });
      expect(await b.list('Cart')).toHaveLength(20);
      expect(lines).toEqual(['actor type Cart keeps 4 reminder partitions from the store; the configured 8 is ignored']);
    });
  });

  describe('rebalance', () => {
    it('does not bring back a reminder deleted while it was reading the store', async () => {
      const held = new HeldReadStore();
      await held.init({ name: 'actorstore', properties: {} }, signal);
      const { fires, fire } = recorder();
      const service = open({ fire, store: held, partitionsFor: () => 1 });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', dueTime: '100ms', period: '50ms' });
      const read = held.holdNextRead(reminderPartitionKey('Cart', 0));
      const rebalancing = service.rebalance(['Cart']);
      await read.reached;
      await service.delete('Cart', 'c1', 'r');
      read.release();
      await rebalancing;
      await sleep(300);
      expect(fires).toEqual([]);
      await held.close();
    });
  });

  describe('ownership', () => {
    const even = (id: string): boolean => Number(id.slice(1)) % 2 === 0;

    it('fires each reminder only on the sidecar hosting its actor', async () => {
      const onA = recorder();
      const onB = recorder();
      const a = open({ fire: onA.fire, owns: (_type, id) => even(id) });
      const b = open({ fire: onB.fire, owns: (_type, id) => !even(id) });
      for (let i = 0; i < 6; i++) await a.create({ actorType: 'Cart', actorId: `c${i}`, name: 'r', period: '50ms' });
      await b.rebalance(['Cart']);
      const fired = (fires: Reminder[]): string[] => [...new Set(fires.map((r) => r.actorId))].sort();
      await until('every actor to fire', () => fired(onA.fires).length === 3 && fired(onB.fires).length === 3);
      expect(fired(onA.fires)).toEqual(['c0', 'c2', 'c4']);
      expect(fired(onB.fires)).toEqual(['c1', 'c3', 'c5']);
    });

    it('moves reminders when hosting changes and a rebalance runs', async () => {
      let aHostsAll = true;
      const onA = recorder();
      const onB = recorder();
      const a = open({ fire: onA.fire, owns: () => aHostsAll });
      const b = open({ fire: onB.fire, owns: () => !aHostsAll });
      await a.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('a fire on A', () => onA.fires.length >= 1);
      aHostsAll = false;
      await a.rebalance(['Cart']);
      await b.rebalance(['Cart']);
      const firedOnA = onA.fires.length;
      await until('fires on B', () => onB.fires.length >= 2);
      expect(onA.fires).toHaveLength(firedOnA);
    });

    it('unschedules the reminders of a type no longer hosted', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('a fire', () => fires.length >= 1);
      await service.rebalance([]);
      const fired = fires.length;
      await sleep(200);
      expect(fires).toHaveLength(fired);
      expect(await service.list('Cart')).toHaveLength(1);
    });
  });
});
