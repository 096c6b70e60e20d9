import type { BindingEvent, BindingEventHandler, InputBinding } from '@dapr-ts/components-bindings';
import type { AppCallbacks, BindingEventDelivery, InputBindingRoute } from '@dapr-ts/daprd-app-callbacks';
import type { Logger } from '@dapr-ts/logger';
import { InputBindingsRunner, type InputBindingEntry } from './input-bindings-runner';

/** An input binding the test drives: `emit` hands an event to the handler read() was given. */
class PushBinding implements InputBinding {
  handler: BindingEventHandler | undefined;
  readSignal: AbortSignal | undefined;
  failRead: Error | undefined;

  async init(): Promise<void> {
    return undefined;
  }

  async read(handler: BindingEventHandler, signal: AbortSignal): Promise<void> {
    if (this.failRead) throw this.failRead;
    this.handler = handler;
    this.readSignal = signal;
  }

  emit(event: Partial<BindingEvent> = {}, signal = new AbortController().signal): Promise<Uint8Array | undefined> {
    if (!this.handler) throw new Error('not reading');
    return this.handler({ data: Buffer.from('payload'), metadata: {}, ...event }, signal);
  }

  async close(): Promise<void> {
    return undefined;
  }
}

/** The app side: which bindings it handles, and how it answers events. */
class FakeApp implements AppCallbacks {
  readonly protocol = 'http' as const;
  readonly asked: InputBindingRoute[][] = [];
  readonly delivered: BindingEventDelivery[] = [];
  readonly signals: AbortSignal[] = [];
  subscribed = new Set<string>();
  listError: Error | undefined;
  answer: (event: BindingEventDelivery, signal: AbortSignal) => Promise<Uint8Array | undefined> = async () => undefined;

  async listTopicSubscriptions(): Promise<never[]> {
    return [];
  }

  async onTopicEvent(): Promise<never> {
    throw new Error('not used');
  }

  async onBulkTopicEvent(): Promise<never> {
    throw new Error('not used');
  }

  async listInputBindings(bindings: readonly InputBindingRoute[]): Promise<Set<string>> {
    this.asked.push([...bindings]);
    if (this.listError) throw this.listError;
    return new Set(bindings.map((binding) => binding.name).filter((name) => this.subscribed.has(name)));
  }

  onBindingEvent(event: BindingEventDelivery, signal: AbortSignal): Promise<Uint8Array | undefined> {
    this.delivered.push(event);
    this.signals.push(signal);
    return this.answer(event, signal);
  }
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger: Logger & { lines: string[] } = {
    lines,
    debug: () => undefined,
    info: (msg) => void lines.push(`info: ${msg}`),
    warn: (msg) => void lines.push(`warn: ${msg}`),
    error: (msg) => void lines.push(`error: ${msg}`),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

describe('InputBindingsRunner', () => {
  let app: FakeApp;
  let logger: ReturnType<typeof recordingLogger>;
  let cron: PushBinding;
  let queue: PushBinding;
  let out: PushBinding;
  let controller: AbortController;

  beforeEach(() => {
    app = new FakeApp();
    logger = recordingLogger();
    cron = new PushBinding();
    queue = new PushBinding();
    out = new PushBinding();
    controller = new AbortController();
  });

  function runner(entries: InputBindingEntry[]): InputBindingsRunner {
    return new InputBindingsRunner({ bindings: entries, logger });
  }

  const standard = (): InputBindingEntry[] => [
    { name: 'cron', binding: cron, route: '/on-cron' },
    { name: 'queue', binding: queue, direction: 'input, output' },
    { name: 'out', binding: out, direction: 'output' },
  ];

  describe('.inputBindings()', () => {
    it('returns the bindings whose direction includes input or is unset', () => {
      expect(runner([...standard(), { name: 'bad', binding: new PushBinding(), direction: 'sideways' }]).inputBindings()).toEqual(['cron', 'queue']);
    });
  });

  describe('.start()', () => {
    it('asks the app about the input bindings only, with their routes, and reads the ones it handles', async () => {
      app.subscribed = new Set(['cron', 'out']);
      const r = runner(standard());
      await r.start(app, controller.signal);
      expect(app.asked).toEqual([
        [
          { name: 'cron', route: '/on-cron' },
          { name: 'queue', route: 'queue' },
        ],
      ]);
      expect(r.reading()).toEqual(['cron']);
      expect([cron.handler !== undefined, queue.handler !== undefined, out.handler !== undefined]).toEqual([true, false, false]);
      expect(logger.lines).toEqual(['app has not subscribed to binding queue.', 'reading from input binding cron'].map((line) => `info: ${line}`));
    });

    it('does not ask the app when no binding is an input binding', async () => {
      await runner([{ name: 'out', binding: out, direction: 'output' }]).start(app, controller.signal);
      expect(app.asked).toEqual([]);
    });

    it('delivers events to the route, or to the name when no route is set, and returns the app reply', async () => {
      app.subscribed = new Set(['cron', 'queue']);
      app.answer = async (event) => Buffer.from(`ok ${event.name}`);
      await runner(standard()).start(app, controller.signal);
      const replies = [await cron.emit({ metadata: { readTimeUTC: 't' } }), await queue.emit({ data: Buffer.from('{"a":1}'), contentType: 'application/json' })];
      expect(app.delivered).toEqual([
        { name: 'cron', route: '/on-cron', data: Buffer.from('payload'), metadata: { readTimeUTC: 't' } },
        { name: 'queue', route: 'queue', data: Buffer.from('{"a":1}'), metadata: {}, contentType: 'application/json' },
      ]);
      expect(replies).toEqual([Buffer.from('ok cron'), Buffer.from('ok queue')]);
    });

    it('rejects the binding handler when the app does not accept the event', async () => {
      app.subscribed = new Set(['cron']);
      app.answer = async () => {
        throw new Error('app answered 500');
      };
      await runner(standard()).start(app, controller.signal);
      await expect(cron.emit()).rejects.toThrow('app answered 500');
    });

    it('passes a delivery signal that follows the binding signal', async () => {
      app.subscribed = new Set(['cron']);
      await runner(standard()).start(app, controller.signal);
      const bindingSide = new AbortController();
      await cron.emit({}, bindingSide.signal);
      bindingSide.abort();
      expect(app.signals[0]?.aborted).toBe(true);
    });

    it('reads nothing and logs when the app cannot be asked', async () => {
      app.listError = new Error('connection refused');
      const r = runner(standard());
      await r.start(app, controller.signal);
      expect(r.reading()).toEqual([]);
      expect(cron.handler).toBeUndefined();
      expect(logger.lines).toEqual(['error: could not ask the app which input bindings it handles; no input binding is read: connection refused']);
    });

    it('logs a binding that fails to start and reads the others', async () => {
      app.subscribed = new Set(['cron', 'queue']);
      cron.failRead = new Error('broker down');
      const r = runner(standard());
      await r.start(app, controller.signal);
      expect(r.reading()).toEqual(['queue']);
      expect(logger.lines).toEqual(['error: failed to start reading from input binding cron: broker down', 'info: reading from input binding queue']);
    });

    it('skips a binding whose direction is invalid and logs it', async () => {
      app.subscribed = new Set(['bad']);
      const bad = new PushBinding();
      await runner([{ name: 'bad', binding: bad, direction: 'sideways' }]).start(app, controller.signal);
      expect(bad.handler).toBeUndefined();
      expect(logger.lines).toEqual([
        'error: binding bad: metadata field "direction": "sideways" is not a binding direction (use "input", "output" or "input, output"); not reading from it',
      ]);
    });

    it('refuses to start twice', async () => {
      const r = runner(standard());
      await r.start(app, controller.signal);
      await expect(r.start(app, controller.signal)).rejects.toThrow('input bindings runner: start() called twice');
    });

    it('does nothing after stop()', async () => {
      app.subscribed = new Set(['cron']);
      const r = runner(standard());
      await r.stop(1_000);
      await r.start(app, controller.signal);
      expect(app.asked).toEqual([]);
    });

    it('starts no read when stopped while asking the app', async () => {
      app.subscribed = new Set(['cron']);
      const r = runner(standard());
      app.listInputBindings = async (bindings) => {
        await r.stop(1_000);
        return new Set(bindings.map((binding) => binding.name));
      };
      await r.start(app, controller.signal);
      expect(cron.handler).toBeUndefined();
    });
  });

  describe('.stop()', () => {
    it('aborts the read signals and refuses events that still arrive', async () => {
      app.subscribed = new Set(['cron']);
      const r = runner(standard());
      await r.start(app, controller.signal);
      await r.stop(1_000);
      expect(cron.readSignal?.aborted).toBe(true);
      await expect(cron.emit()).rejects.toThrow('input binding cron: the runtime is stopping, event not delivered');
      expect(app.delivered).toEqual([]);
      expect(r.reading()).toEqual([]);
    });

    it('waits for an event the app is handling', async () => {
      app.subscribed = new Set(['cron']);
      let finish: () => void = () => undefined;
      app.answer = () => new Promise((resolve) => (finish = () => resolve(Buffer.from('done'))));
      const r = runner(standard());
      await r.start(app, controller.signal);
      const delivery = cron.emit();
      const order: string[] = [];
      const stopped = r.stop(1_000).then(() => order.push('stopped'));
      await new Promise((resolve) => setImmediate(resolve));
      order.push('finishing');
      finish();
      await stopped;
      expect(order).toEqual(['finishing', 'stopped']);
      await expect(delivery).resolves.toEqual(Buffer.from('done'));
      expect(app.signals[0]?.aborted).toBe(false);
    });

    it('aborts events still being handled after the grace period', async () => {
      app.subscribed = new Set(['cron']);
      app.answer = (_event, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      const r = runner(standard());
      await r.start(app, controller.signal);
      const delivery = cron.emit();
      await r.stop(10);
      expect(app.signals[0]?.aborted).toBe(true);
      await expect(delivery).rejects.toThrow('aborted');
      expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual(['warn: 1 input binding event(s) still being handled by the app after the grace period; aborting them']);
    });

    it('returns the same promise when called again', () => {
      const r = runner(standard());
      expect(r.stop(1_000)).toBe(r.stop(0));
    });
  });

  describe('start signal', () => {
    it('stops the reads and refuses new events when it aborts, but lets a delivery under way finish', async () => {
      app.subscribed = new Set(['cron']);
      let finish: () => void = () => undefined;
      app.answer = () => new Promise((resolve) => (finish = () => resolve(Buffer.from('done'))));
      const r = runner(standard());
      await r.start(app, controller.signal);
      const delivery = cron.emit();
      controller.abort();
      expect(cron.readSignal?.aborted).toBe(true);
      expect(r.reading()).toEqual([]);
      await expect(cron.emit()).rejects.toThrow('input binding cron: the runtime is stopping, event not delivered');
      expect(app.signals[0]?.aborted).toBe(false);
      finish();
      await expect(delivery).resolves.toEqual(Buffer.from('done'));
    });

    it('starts nothing when it aborts while the app is being asked', async () => {
      app.subscribed = new Set(['cron']);
      app.listInputBindings = async (bindings) => {
        controller.abort();
        return new Set(bindings.map((binding) => binding.name));
      };
      await runner(standard()).start(app, controller.signal);
      expect(cron.handler).toBeUndefined();
    });

    it('starts nothing when it is already aborted', async () => {
      app.subscribed = new Set(['cron']);
      controller.abort();
      await runner(standard()).start(app, controller.signal);
      expect(app.asked).toEqual([]);
    });
  });
});
