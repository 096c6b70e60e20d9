import type { BindingEvent } from '@dapr-ts/components-bindings';
import { nopLogger, type Logger, type LogFields } from '@dapr-ts/logger';
import { CronBinding } from './cron-binding';

/** Collects error and debug lines, so tests can check what the binding reported. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger: Logger & { lines: string[] } = {
    ...nopLogger(),
    lines,
    debug: (msg: string) => void lines.push(`debug: ${msg}`),
    error: (msg: string, _fields?: LogFields) => void lines.push(`error: ${msg}`),
    child: () => logger,
  };
  return logger;
}

describe('CronBinding', () => {
  const signal = new AbortController().signal;
  let binding: CronBinding;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2024-01-01T00:00:00.000Z') });
    logger = recordingLogger();
    binding = new CronBinding({ logger });
  });

  afterEach(async () => {
    await binding.close();
    jest.useRealTimers();
  });

  async function start(schedule: string, handler: (event: BindingEvent) => Promise<Uint8Array | undefined> = async () => undefined, readSignal = signal): Promise<BindingEvent[]> {
    const events: BindingEvent[] = [];
    await binding.init({ name: 'cron', properties: { schedule } }, signal);
    await binding.read(async (event) => {
      events.push(event);
      return handler(event);
    }, readSignal);
    return events;
  }

  const readTimes = (events: BindingEvent[]): string[] => events.map((event) => event.metadata['readTimeUTC'] ?? '');

  describe('.init()', () => {
    it('requires schedule', async () => {
      await expect(binding.init({ name: 'cron', properties: {} }, signal)).rejects.toMatchObject({ name: 'MetadataError', field: 'schedule', message: 'metadata field "schedule": is required' });
    });

    it('rejects an invalid schedule with a MetadataError naming schedule', async () => {
      await expect(binding.init({ name: 'cron', properties: { schedule: '61 * * * *' } }, signal)).rejects.toMatchObject({ name: 'MetadataError', field: 'schedule' });
    });

    it('matches the schedule key case-insensitively', async () => {
      const events: BindingEvent[] = [];
      await binding.init({ name: 'cron', properties: { Schedule: '@every 1s' } }, signal);
      await binding.read(async (event) => void events.push(event), signal);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(readTimes(events)).toEqual(['2024-01-01T00:00:01.000Z']);
    });
  });

  describe('.read()', () => {
    it('hands over an event with empty data, the zone and the UTC read time on each tick of a 6-field schedule', async () => {
      const events = await start('CRON_TZ=UTC */5 * * * * *');
      await jest.advanceTimersByTimeAsync(15_000);
      expect(events).toEqual([
        { data: new Uint8Array(0), metadata: { timeZone: 'UTC', readTimeUTC: '2024-01-01T00:00:05.000Z' } },
        { data: new Uint8Array(0), metadata: { timeZone: 'UTC', readTimeUTC: '2024-01-01T00:00:10.000Z' } },
        { data: new Uint8Array(0), metadata: { timeZone: 'UTC', readTimeUTC: '2024-01-01T00:00:15.000Z' } },
      ]);
    });

    it('reports the local zone when the schedule names none', async () => {
      const events = await start('@every 1s');
      await jest.advanceTimersByTimeAsync(1_000);
      expect(events.map((event) => event.metadata['timeZone'])).toEqual([Intl.DateTimeFormat().resolvedOptions().timeZone]);
    });

    it('fires a 5-field schedule on the minute', async () => {
      const events = await start('CRON_TZ=UTC * * * * *');
      await jest.advanceTimersByTimeAsync(150_000);
      expect(readTimes(events)).toEqual(['2024-01-01T00:01:00.000Z', '2024-01-01T00:02:00.000Z']);
    });

    it('fires @every on whole seconds from the start', async () => {
      jest.setSystemTime(new Date('2024-01-01T00:00:00.400Z'));
      const events = await start('@every 2s');
      await jest.advanceTimersByTimeAsync(6_000);
      expect(readTimes(events)).toEqual(['2024-01-01T00:00:02.000Z', '2024-01-01T00:00:04.000Z', '2024-01-01T00:00:06.000Z']);
    });

    it('fires @every 1m30s every 90 seconds', async () => {
      const events = await start('@every 1m30s');
      await jest.advanceTimersByTimeAsync(180_000);
      expect(readTimes(events)).toEqual(['2024-01-01T00:01:30.000Z', '2024-01-01T00:03:00.000Z']);
    });

    it('keeps firing after a handler rejects, and logs the failure', async () => {
      let calls = 0;
      const events = await start('@every 1s', async () => {
        calls++;
        if (calls === 1) throw new Error('app is down');
        return undefined;
      });
      await jest.advanceTimersByTimeAsync(3_000);
      expect(events).toHaveLength(3);
      expect(logger.lines).toEqual(['error: error handling cron event: app is down']);
    });

    it('skips ticks while the previous handler is still running', async () => {
      let release: () => void = () => undefined;
      const events = await start('@every 1s', (event) =>
        event.metadata['readTimeUTC'] === '2024-01-01T00:00:01.000Z' ? new Promise((resolve) => (release = () => resolve(undefined))) : Promise.resolve(undefined),
      );
      await jest.advanceTimersByTimeAsync(3_000);
      release();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(readTimes(events)).toEqual(['2024-01-01T00:00:01.000Z', '2024-01-01T00:00:04.000Z']);
      expect(logger.lines).toEqual([
        'debug: cron tick skipped: the previous event is still being handled',
        'debug: cron tick skipped: the previous event is still being handled',
      ]);
    });

    it('stops ticking when the read signal aborts', async () => {
      const controller = new AbortController();
      const events = await start('@every 1s', undefined, controller.signal);
      await jest.advanceTimersByTimeAsync(2_000);
      controller.abort();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(events).toHaveLength(2);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('lets a running handler finish when the read signal aborts', async () => {
      const controller = new AbortController();
      let handlerSignal: AbortSignal | undefined;
      let release: () => void = () => undefined;
      const finished: string[] = [];
      await binding.init({ name: 'cron', properties: { schedule: '@every 1s' } }, signal);
      await binding.read(async (_event, s) => {
        handlerSignal = s;
        await new Promise<void>((resolve) => (release = resolve));
        finished.push('done');
        return undefined;
      }, controller.signal);
      await jest.advanceTimersByTimeAsync(1_000);
      controller.abort();
      release();
      await jest.advanceTimersByTimeAsync(0);
      expect(finished).toEqual(['done']);
      expect(handlerSignal?.aborted).toBe(false);
    });

    it('does nothing when the signal is already aborted', async () => {
      const events = await start('@every 1s', undefined, AbortSignal.abort());
      await jest.advanceTimersByTimeAsync(3_000);
      expect(events).toEqual([]);
    });

    it('rejects a second read while the first is running', async () => {
      await start('@every 1s');
      await expect(binding.read(async () => undefined, signal)).rejects.toThrow('cron binding: already reading');
    });

    it('rejects read before init', async () => {
      await expect(binding.read(async () => undefined, signal)).rejects.toThrow('cron binding: read() called before init()');
    });
  });

  describe('.close()', () => {
    it('stops the ticks of a cron expression', async () => {
      const events = await start('*/1 * * * * *');
      await jest.advanceTimersByTimeAsync(2_000);
      await binding.close();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(events).toHaveLength(2);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('aborts the signal of a running handler', async () => {
      let handlerSignal: AbortSignal | undefined;
      await binding.init({ name: 'cron', properties: { schedule: '@every 1s' } }, signal);
      await binding.read((_event, s) => {
        handlerSignal = s;
        return new Promise<undefined>(() => undefined);
      }, signal);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(handlerSignal?.aborted).toBe(false);
      await binding.close();
      expect(handlerSignal?.aborted).toBe(true);
    });
  });
});
