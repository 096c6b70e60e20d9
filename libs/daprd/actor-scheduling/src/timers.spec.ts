import { waitFor } from '@dapr-ts/conformance';
import { sleep } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { isDurationError } from './duration-error';
import { fireRecorder, overlapProbe, warningLogger, type RecordedFire } from './scheduling-spec-helpers';
import { TimerService, type TimerFire, type TimerSpec } from './timers';

const until = (what: string, check: () => boolean): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 5000, intervalMs: 5 });

/** Records every fire; `behaviour` decides what a fire does. */
const recorder = (behaviour: (timer: TimerSpec, fire: RecordedFire) => Promise<void> = async () => undefined): { fires: TimerSpec[]; fire: TimerFire } => fireRecorder(behaviour);

const spec = (name: string, extra: Partial<TimerSpec> = {}): TimerSpec => ({ actorType: 'Cart', actorId: 'c1', name, callback: 'tick', ...extra });

describe('TimerService', () => {
  const services: TimerService[] = [];
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
  });
  function open(fire: TimerFire, logger: Logger = nopLogger()): TimerService {
    const service = new TimerService({ fire, logger });
    services.push(service);
    return service;
  }

  describe('.create()', () => {
    it('fires a timer without period once after its dueTime, then forgets it', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('once', { dueTime: '50ms', data: { n: 1 } }));
      expect(service.count()).toBe(1);
      await until('the fire', () => fires.length === 1);
      await until('the timer to be gone', () => service.count() === 0);
      await sleep(150);
      expect(fires).toEqual([spec('once', { dueTime: '50ms', data: { n: 1 } })]);
    });

    it('fires every period', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('tick', { period: '50ms' }));
      await until('three fires', () => fires.length >= 3);
      expect(service.count()).toBe(1);
    });

    it('fires exactly n times for R<n>', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('three', { dueTime: '0s', period: 'R3/PT0.05S' }));
      await until('the timer to end', () => service.count() === 0);
      await sleep(200);
      expect(fires).toHaveLength(3);
    });

    it('stops firing once the ttl has passed', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('short', { period: '50ms', ttl: '300ms' }));
      await until('the timer to expire', () => service.count() === 0);
      const fired = fires.length;
      expect(fired).toBeGreaterThan(0);
      await sleep(200);
      expect(fires).toHaveLength(fired);
    });

    it('replaces a timer of the same name', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('t', { period: '50ms', data: 'old' }));
      await until('a fire of the old timer', () => fires.length >= 1);
      service.create(spec('t', { period: '50ms', data: 'new' }));
      const firedBefore = fires.length;
      await until('two fires of the new timer', () => fires.filter((t) => t.data === 'new').length >= 2);
      expect(service.count()).toBe(1);
      expect(fires.slice(firedBefore + 1).every((t) => t.data === 'new')).toBe(true);
    });

    it('throws a DurationError on a bad schedule and keeps the timer it would replace', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('t', { period: '50ms' }));
      let caught: unknown;
      try {
        service.create(spec('t', { period: 'often' }));
      } catch (err) {
        caught = err;
      }
      expect(isDurationError(caught)).toBe(true);
      expect((caught as Error).message).toBe('invalid period "often": expected a Go duration (1h2m3s), an ISO 8601 duration (PT1S) or repetitions (R5/PT1S)');
      await until('fires of the kept timer', () => fires.length >= 2);
    });

    it('never overlaps the fires of one timer, even when a fire outlasts the period', async () => {
      const probe = overlapProbe(100);
      const { fires, fire } = recorder(probe.hold);
      const service = open(fire);
      service.create(spec('slow', { period: '10ms' }));
      await until('three slow fires', () => fires.length >= 3);
      expect(probe.maxRunning()).toBe(1);
    });

    it('logs a failed fire and keeps firing', async () => {
      const { lines, logger } = warningLogger();
      const { fires, fire } = recorder(async () => {
        throw new Error('app unreachable');
      });
      const service = open(fire, logger);
      service.create(spec('failing', { period: '50ms' }));
      await until('fires after failures', () => fires.length >= 3);
      expect(lines[0]).toBe('timer failing of actor Cart/c1 failed: app unreachable');
    });
  });

  describe('.delete()', () => {
    it('stops a timer; an unknown name is fine', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('t', { period: '50ms' }));
      await until('a fire', () => fires.length >= 1);
      service.delete('Cart', 'c1', 't');
      service.delete('Cart', 'c1', 'unknown');
      expect(service.count()).toBe(0);
      const fired = fires.length;
      await sleep(200);
      expect(fires).toHaveLength(fired);
    });
  });

  describe('.deleteForActor()', () => {
    it('stops the timers of one actor only', async () => {
      const { fires, fire } = recorder();
      const service = open(fire);
      service.create(spec('a', { dueTime: '100ms' }));
      service.create(spec('b', { dueTime: '100ms' }));
      service.create(spec('a', { actorId: 'c2', dueTime: '100ms' }));
      service.create(spec('a', { actorType: 'Other', dueTime: '100ms' }));
      service.deleteForActor('Cart', 'c1');
      expect(service.count()).toBe(2);
      await until('the other timers to fire', () => fires.length === 2);
      expect(fires.map((t) => `${t.actorType}/${t.actorId}/${t.name}`).sort()).toEqual(['Cart/c2/a', 'Other/c1/a']);
    });
  });

  describe('.stop()', () => {
    it('aborts the signal of a running fire, waits for it and fires no more', async () => {
      let release: () => void = () => undefined;
      let signalSeen: AbortSignal | undefined;
      const { fires, fire } = recorder(
        (_timer, { signal }) =>
          new Promise<void>((resolve) => {
            signalSeen = signal;
            release = resolve;
          }),
      );
      const service = open(fire);
      service.create(spec('t', { period: '20ms' }));
      await until('a running fire', () => fires.length === 1);
      let stopped = false;
      const stopping = service.stop().then(() => (stopped = true));
      await sleep(50);
      expect(stopped).toBe(false);
      expect(signalSeen?.aborted).toBe(true);
      release();
      await stopping;
      expect(service.count()).toBe(0);
      await service.stop();
      service.create(spec('late', { period: '20ms' }));
      await sleep(100);
      expect(fires).toHaveLength(1);
    });
  });
});
