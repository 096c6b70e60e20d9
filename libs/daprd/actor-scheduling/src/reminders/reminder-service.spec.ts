import { waitFor } from '@dapr-ts/conformance';
import { sleep } from '@dapr-ts/kit';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { fireRecorder, overlapProbe, reminderServiceFixture, warningLogger, type RecordedFire } from '../scheduling-spec-helpers';
import { isDurationError } from '../duration-error';
import { reminderMetaKey, reminderPartitionKey, reminderPartitionOf, reminderTrackKey } from './reminder-keys';
import type { ReminderService } from './reminder-service';
import type { Reminder, ReminderFireResult } from './reminder-types';

const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 5000, intervalMs: 5 });

/** Records every fire (name/id/data); `behaviour` answers it (default `ok`). */
const recorder = (behaviour: (reminder: Reminder, fire: RecordedFire) => Promise<ReminderFireResult> = async () => 'ok') => fireRecorder(behaviour);

describe('ReminderService', () => {
  const { open, raw } = reminderServiceFixture(() => new InMemoryStateStore());

  describe('.create()', () => {
    it('persists the reminder under the type partition of its id, 16 partitions by default', async () => {
      const service = open({ fire: recorder().fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'later', dueTime: '1h', period: 'PT1H', data: { sku: 7 } });
      const reminder = await service.get('Cart', 'c1', 'later');
      expect(reminder).toEqual({ actorType: 'Cart', actorId: 'c1', name: 'later', dueTime: '1h', period: 'PT1H', data: { sku: 7 }, registeredAt: expect.any(String) });
      expect(Math.abs(Date.parse(reminder!.registeredAt) - Date.now())).toBeLessThan(60_000);
      expect(await raw(reminderMetaKey('Cart'))).toEqual({ partitions: 16 });
      expect(await raw(reminderPartitionKey('Cart', reminderPartitionOf('c1', 16)))).toEqual([expect.objectContaining({ actorId: 'c1', name: 'later' })]);
    });

    it('stores the expiry of a ttl', async () => {
      const service = open({ fire: recorder().fire, now: () => Date.parse('2026-11-23T10:00:00Z') });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', dueTime: '1h', ttl: '2h' });
      expect((await service.get('Cart', 'c1', 'r'))?.expiresAt).toBe('2026-11-23T12:00:00.000Z');
    });

    it('throws a DurationError and writes nothing on a bad schedule', async () => {
      const service = open({ fire: recorder().fire });
      const error = await service.create({ actorType: 'Cart', actorId: 'c1', name: 'bad', period: 'R0/1s' }).catch((err: unknown) => err);
      expect(isDurationError(error)).toBe(true);
      expect((error as Error).message).toBe('invalid period "R0/1s": repetitions must be at least 1');
      expect(await service.get('Cart', 'c1', 'bad')).toBeUndefined();
    });

    it('fires a reminder without period once, then deletes it and its progress', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'once', dueTime: '50ms', data: 'hello' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'once')) === undefined);
      await sleep(150);
      expect(fires.map((r) => [r.name, r.data, r.dueTime])).toEqual([['once', 'hello', '50ms']]);
      expect(await raw(reminderTrackKey('Cart', 'c1', 'once'))).toBeUndefined();
      expect(service.firedCount()).toBe(1);
    });

    it('fires R3 exactly 3 times, then deletes it', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'three', period: 'R3/PT0.05S' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'three')) === undefined);
      await sleep(200);
      expect(fires).toHaveLength(3);
      expect(service.firedCount()).toBe(3);
      expect(await raw(reminderTrackKey('Cart', 'c1', 'three'))).toBeUndefined();
    });

    it('keeps progress in the track key while it fires', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R100/PT0.05S' });
      await until('two fires', () => fires.length >= 2);
      await until('the progress of two fires', async () => ((await raw(reminderTrackKey('Cart', 'c1', 'r'))) as { repetitionsLeft?: number } | undefined)?.repetitionsLeft !== undefined);
      const track = (await raw(reminderTrackKey('Cart', 'c1', 'r'))) as { repetitionsLeft: number; lastFiredAt: string };
      expect(track.repetitionsLeft).toBeLessThanOrEqual(99);
      expect(Number.isNaN(Date.parse(track.lastFiredAt))).toBe(false);
    });

    it('overwrites a reminder of the same name and restarts its repetitions', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R3/PT0.05S', data: 'first' });
      await until('two fires of the first registration', () => fires.length >= 2);
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R3/PT0.05S', data: 'second' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      await sleep(200);
      expect(fires.filter((r) => r.data === 'second')).toHaveLength(3);
      expect(await service.list('Cart')).toEqual([]);
    });

    it('persists but does not schedule a reminder of an actor hosted elsewhere', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire, owns: () => false });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await sleep(200);
      expect(fires).toEqual([]);
      expect(await service.list('Cart', 'c1')).toHaveLength(1);
    });
  });

  describe('firing', () => {
    it('deletes a reminder the app cancels', async () => {
      const { fires, fire } = recorder(async () => 'cancel');
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      await sleep(200);
      expect(fires).toHaveLength(1);
    });

    it('unschedules a reminder the runtime says is not hosted here, and keeps it stored', async () => {
      const { fires, fire } = recorder(async () => 'not-owned');
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('a fire', () => fires.length === 1);
      await sleep(200);
      expect(fires).toHaveLength(1);
      expect(await service.get('Cart', 'c1', 'r')).toBeDefined();
    });

    it('retries a failed fire and counts one fire when a retry succeeds', async () => {
      const { fires, fire } = recorder(async (_r, { call }) => {
        if (call <= 2) throw new Error('app busy');
        return 'ok';
      });
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      expect(fires).toHaveLength(3);
      expect(service.firedCount()).toBe(1);
    });

    it('skips the tick of a periodic reminder whose retries all fail, and carries on', async () => {
      const { lines, logger } = warningLogger();
      const { fires, fire } = recorder(async (_r, { call }) => {
        if (call <= 4) throw new Error('app down');
        return 'ok';
      });
      const service = open({ fire, logger });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: 'R2/PT0.05S' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      await sleep(200);
      // 1 attempt + 3 retries failed, then the two repetitions succeeded.
      expect(fires).toHaveLength(6);
      expect(service.firedCount()).toBe(2);
      expect(lines).toEqual(['reminder r of actor Cart/c1 failed 4 times, skipping this fire: app down']);
    });

    it('deletes a one-shot reminder whose retries all fail', async () => {
      const { lines, logger } = warningLogger();
      const { fires, fire } = recorder(async () => {
        throw new Error('app down');
      });
      const service = open({ fire, logger });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      await sleep(200);
      expect(fires).toHaveLength(4);
      expect(lines).toEqual(['reminder r of actor Cart/c1 failed 4 times, deleting it: app down']);
    });

    it('deletes a reminder without firing it again once its ttl has passed', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms', ttl: '300ms' });
      await until('the reminder to be deleted', async () => (await service.get('Cart', 'c1', 'r')) === undefined);
      const fired = fires.length;
      expect(fired).toBeGreaterThan(0);
      await sleep(200);
      expect(fires).toHaveLength(fired);
    });

    it('never overlaps the fires of one reminder', async () => {
      const probe = overlapProbe(100);
      const { fires, fire } = recorder(async () => {
        await probe.hold();
        return 'ok';
      });
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '10ms' });
      await until('three fires', () => fires.length >= 3);
      expect(probe.maxRunning()).toBe(1);
    });
  });

  describe('.delete()', () => {
    it('stops and deletes a reminder with its progress; a missing one is fine', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('a saved fire', async () => (await raw(reminderTrackKey('Cart', 'c1', 'r'))) !== undefined);
      await service.delete('Cart', 'c1', 'r');
      await service.delete('Cart', 'c1', 'missing');
      const fired = fires.length;
      await sleep(200);
      expect(fires).toHaveLength(fired);
      expect(await service.get('Cart', 'c1', 'r')).toBeUndefined();
      expect(await raw(reminderTrackKey('Cart', 'c1', 'r'))).toBeUndefined();
    });

    it('lets a reminder delete itself from inside its fire', async () => {
      const { fires, fire } = recorder(async (reminder) => {
        await service.delete(reminder.actorType, reminder.actorId, reminder.name);
        return 'ok';
      });
      const service = open({ fire });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '50ms' });
      await until('a fire', () => fires.length === 1);
      await sleep(200);
      expect(fires).toHaveLength(1);
      expect(await raw(reminderTrackKey('Cart', 'c1', 'r'))).toBeUndefined();
    });
  });

  describe('.list() and .deleteByType()', () => {
    async function seed(service: ReminderService): Promise<void> {
      for (const [actorType, actorId, name] of [['Cart', 'c2', 'b'], ['Cart', 'c1', 'b'], ['Cart', 'c1', 'a'], ['Order', 'o1', 'a']] as const) {
        await service.create({ actorType, actorId, name, dueTime: '1h' });
      }
    }

    it('lists a type or one actor, sorted by id and name', async () => {
      const service = open({ fire: recorder().fire });
      await seed(service);
      expect((await service.list('Cart')).map((r) => `${r.actorId}/${r.name}`)).toEqual(['c1/a', 'c1/b', 'c2/b']);
      expect((await service.list('Cart', 'c1')).map((r) => r.name)).toEqual(['a', 'b']);
      expect(await service.list('Nothing')).toEqual([]);
    });

    it('writes nothing when reading or deleting a type without reminders', async () => {
      const service = open({ fire: recorder().fire });
      expect(await service.get('Cart', 'c1', 'r')).toBeUndefined();
      expect(await service.list('Cart', 'c1')).toEqual([]);
      expect(await service.deleteByType('Cart')).toBe(0);
      await service.delete('Cart', 'c1', 'r');
      expect(await raw(reminderMetaKey('Cart'))).toBeUndefined();
    });

    it('deletes the reminders of one actor and returns how many', async () => {
      const service = open({ fire: recorder().fire });
      await seed(service);
      expect(await service.deleteByType('Cart', 'c1')).toBe(2);
      expect((await service.list('Cart')).map((r) => `${r.actorId}/${r.name}`)).toEqual(['c2/b']);
    });

    it('deletes every reminder of a type and leaves other types alone', async () => {
      const { fires, fire } = recorder();
      const service = open({ fire });
      await seed(service);
      await service.create({ actorType: 'Cart', actorId: 'c3', name: 'soon', period: '50ms' });
      await until('a fire', () => fires.length >= 1);
      expect(await service.deleteByType('Cart')).toBe(4);
      const fired = fires.length;
      await sleep(200);
      expect(fires).toHaveLength(fired);
      expect(await service.list('Cart')).toEqual([]);
      expect(await service.list('Order')).toHaveLength(1);
      expect(await raw(reminderTrackKey('Cart', 'c3', 'soon'))).toBeUndefined();
    });
  });

  describe('.stop()', () => {
    it('aborts the signal of a running fire, waits for it, fires no more and is idempotent', async () => {
      let release: () => void = () => undefined;
      let seen: AbortSignal | undefined;
      const fires: Reminder[] = [];
      const service = open({
        fire: (reminder, fireSignal) =>
          new Promise<ReminderFireResult>((resolve) => {
            fires.push(reminder);
            seen = fireSignal;
            release = () => resolve('ok');
          }),
      });
      await service.create({ actorType: 'Cart', actorId: 'c1', name: 'r', period: '20ms' });
      await until('a running fire', () => fires.length === 1);
      let stopped = false;
      const stopping = service.stop().then(() => (stopped = true));
      await sleep(50);
      expect(stopped).toBe(false);
      expect(seen?.aborted).toBe(true);
      release();
      await stopping;
      await service.stop();
      await sleep(100);
      expect(fires).toHaveLength(1);
    });
  });
});
