/**
 * Test support shared by this library's specs (timers, reminders, several sidecars over one store).
 * Not exported from the package.
 */
import type { TransactionalStateStore } from '@dapr-ts/components-state';
import { sleep } from '@dapr-ts/kit';
import { nopLogger, type Logger } from '@dapr-ts/logger';
import { ReminderService } from './reminders/reminder-service';
import type { ReminderServiceOptions } from './reminders/reminder-types';

/** What a recorded fire's behaviour learns besides the fired item. */
export interface RecordedFire {
  /** 1 for the first fire the recorder saw, 2 for the second... */
  call: number;
  /** The signal the service passed (timers pass one; reminders' fire takes none). */
  signal: AbortSignal | undefined;
}

/** Records every fire in `fires`, then answers it with `behaviour`. */
export function fireRecorder<T, R>(behaviour: (item: T, fire: RecordedFire) => Promise<R>): { fires: T[]; fire: (item: T, signal?: AbortSignal) => Promise<R> } {
  const fires: T[] = [];
  return {
    fires,
    fire: (item, signal) => {
      fires.push(item);
      return behaviour(item, { call: fires.length, signal });
    },
  };
}

/** A nop logger that keeps the warnings. */
export function warningLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const logger: Logger = { ...nopLogger(), warn: (msg) => void lines.push(msg), child: () => logger };
  return { lines, logger };
}

/** A fire behaviour that takes `holdMs` and measures how many of its calls ever ran at once. */
export function overlapProbe(holdMs: number): { hold: () => Promise<void>; maxRunning: () => number } {
  let running = 0;
  let maxRunning = 0;
  return {
    hold: async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(holdMs);
      running--;
    },
    maxRunning: () => maxRunning,
  };
}

/**
 * Gives each test of the enclosing `describe` a fresh, initialised store from `createStore`, and
 * stops the services `open` made after it. `open` defaults to one partition per type, owning every
 * actor, 3 retries 20 ms apart and a nop logger.
 */
export function reminderServiceFixture(createStore: () => TransactionalStateStore): {
  open: (options: Partial<ReminderServiceOptions> & Pick<ReminderServiceOptions, 'fire'>) => ReminderService;
  /** The JSON value the test's store holds under `key`, or undefined. */
  raw: (key: string) => Promise<unknown>;
} {
  const signal = new AbortController().signal;
  let store: TransactionalStateStore | undefined;
  const services: ReminderService[] = [];
  const current = (): TransactionalStateStore => {
    if (!store) throw new Error('the store exists only while a test runs');
    return store;
  };
  beforeEach(async () => {
    store = createStore();
    await store.init({ name: 'actorstore', properties: {} }, signal);
  });
  afterEach(async () => {
    for (const service of services.splice(0)) await service.stop();
    await store?.close();
    store = undefined;
  });
  return {
    open: (options) => {
      const service = new ReminderService({ store: current(), partitionsFor: () => 0, owns: () => true, logger: nopLogger(), retry: { attempts: 3, intervalMs: 20 }, ...options });
      services.push(service);
      return service;
    },
    raw: async (key) => {
      const found = await current().get({ key, metadata: {} }, signal);
      return found ? JSON.parse(found.data.toString('utf8')) : undefined;
    },
  };
}
