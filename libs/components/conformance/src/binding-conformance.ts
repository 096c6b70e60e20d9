import { isBindingRequestError, isInputBinding, isOutputBinding, type BindingComponent, type BindingEvent, type InputBinding, type OutputBinding } from '@dapr-ts/components-bindings';
import { describeError, failureOf } from './rejection-of';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/** Data and request metadata of one valid output request; both default to empty. */
export interface BindingRequestInput {
  data?: Uint8Array | string;
  metadata?: Record<string, string>;
}

/** What an input binding declares. */
export interface BindingInputConformance {
  /**
   * Makes the binding's source emit `data` (publishes to the queue or topic the binding reads).
   * Absent for sources that emit on their own, such as cron: the suite then waits for any event.
   */
  produce?: (data: Uint8Array) => Promise<void>;
  /** True when a handler failure makes the binding deliver the same event again (at least once). */
  redelivers: boolean;
}

/** One binding's entry in the conformance table. */
export interface BindingConformanceConfig {
  /** Shown in test names and used in keys, e.g. `bindings.redis`. */
  name: string;
  /** Returns a fresh, uninitialised binding; the suite initialises and closes it. */
  create: () => BindingComponent;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  /** The output operations the binding declares, in its order; empty for an input-only binding. */
  operations: readonly string[];
  config?: {
    /**
     * A valid request for `operation`, using `key` (unique per test) wherever the operation names
     * a resource. May prepare the backend first (e.g. write the file `get` reads). Default: empty.
     */
    request?: (operation: string, key: string) => Promise<BindingRequestInput>;
    /** Present for input bindings. */
    input?: BindingInputConformance;
    /** How long an event may take to reach the handler. Default 20 000 ms. */
    deliveryTimeoutMs?: number;
  };
}

/** An operation no binding declares. */
const UnsupportedOperation = 'conformance-unsupported-operation';

/** Every event one handler received, in order. */
class EventLog {
  readonly events: BindingEvent[] = [];
  /** Events handed over after `stop()` was called: a reader that stopped must keep this empty. */
  readonly afterStop: BindingEvent[] = [];
  private stopped = false;
  /** Data of events that fail the first time they are handed over. */
  private readonly failOnce = new Set<string>();

  readonly handler = async (event: BindingEvent): Promise<Uint8Array | undefined> => {
    if (this.stopped) this.afterStop.push(event);
    this.events.push(event);
    const text = textOf(event.data);
    if (this.failOnce.delete(text)) throw new Error(`conformance: handler refuses "${text}" once`);
    return undefined;
  };

  failFirstDeliveryOf(text: string): void {
    this.failOnce.add(text);
  }
  stop(): void {
    this.stopped = true;
  }
  count(text: string): number {
    return this.events.filter((event) => textOf(event.data) === text).length;
  }
}

function textOf(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

function bytesOf(data: Uint8Array | string | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return typeof data === 'string' ? Buffer.from(data) : data;
}

/**
 * Defines the binding conformance suite for one component, as jest `describe` blocks (contrib
 * tests/conformance/bindings). Call it at the top level of a spec file. Each test creates, inits
 * and closes its own binding, so one test's operation (e.g. postgres `close`) cannot affect
 * another; keys are random, so shared, long-lived servers are safe to use.
 */
export function runBindingConformance(config: BindingConformanceConfig): void {
  describe(`binding conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const deliveryTimeoutMs = config.config?.deliveryTimeoutMs ?? 20_000;
    const input = config.config?.input;
    const opened: BindingComponent[] = [];

    afterEach(async () => {
      // A failed test must not leave connections or readers running into the next one.
      for (const binding of opened.splice(0)) await binding.close().catch(() => undefined);
    });

    const started = async (): Promise<BindingComponent> => {
      const binding = config.create();
      opened.push(binding);
      await binding.init({ name: config.name, properties: { ...config.metadata } }, signal);
      return binding;
    };
    const request = async (operation: string, key: string) => {
      const made = (await config.config?.request?.(operation, key)) ?? {};
      return { operation, data: bytesOf(made.data), metadata: { ...made.metadata } };
    };

    describe('kind', () => {
      it(`is ${config.operations.length > 0 ? '' : 'not '}an output binding and ${input ? '' : 'not '}an input binding`, () => {
        const binding = config.create();
        expect({ output: isOutputBinding(binding), input: isInputBinding(binding) }).toEqual({ output: config.operations.length > 0, input: input !== undefined });
      });
    });

    if (config.operations.length > 0) {
      const output = async (): Promise<OutputBinding> => {
        const binding = await started();
        if (!isOutputBinding(binding)) throw new Error(`conformance: ${config.name} is not an output binding`);
        return binding;
      };

      describe('.operations()', () => {
        it('returns exactly the declared operations', async () => {
          expect((await output()).operations()).toEqual(config.operations);
        });
      });

      describe('.invoke()', () => {
        it.each(config.operations.map((operation) => [operation]))('succeeds for a valid %s request', async (operation) => {
          const binding = await output();
          const req = await request(operation, uniqueKey(config.name, operation));
          const outcome = await binding.invoke(req, signal).then(
            () => 'resolved',
            (err: unknown) => describeError(err),
          );
          expect(outcome).toBe('resolved');
        });

        it('refuses an operation it does not declare with BindingRequestError', async () => {
          const binding = await output();
          const valid = await request(config.operations[0] as string, uniqueKey(config.name, 'unsupported'));
          const err = await failureOf(binding.invoke({ ...valid, operation: UnsupportedOperation }, signal));
          expect(isBindingRequestError(err) ? 'BindingRequestError' : describeError(err)).toBe('BindingRequestError');
        });

        it('fails with a clear error after close()', async () => {
          const binding = await output();
          const valid = await request(config.operations[0] as string, uniqueKey(config.name, 'after-close'));
          await binding.close();
          const err = await failureOf(binding.invoke(valid, signal));
          expect(err).not.toBe('no error');
          // Not the caller's mistake, and says what went wrong.
          expect(isBindingRequestError(err)).toBe(false);
          expect(describeError(err)).toMatch(/^\w*Error: \S/);
        });
      });
    }

    if (input) {
      const reader = async (): Promise<InputBinding> => {
        const binding = await started();
        if (!isInputBinding(binding)) throw new Error(`conformance: ${config.name} is not an input binding`);
        return binding;
      };
      const produce = async (label: string): Promise<string> => {
        const text = uniqueKey(config.name, label);
        await input.produce?.(Buffer.from(text));
        return text;
      };
      /** True once `log` holds the produced event (any event for a source that emits on its own). */
      const received = (log: EventLog, text: string, times = 1): boolean => (input.produce ? log.count(text) >= times : log.events.length >= times);

      describe('.read()', () => {
        it('hands an event from its source to the handler', async () => {
          const binding = await reader();
          const log = new EventLog();
          await binding.read(log.handler, new AbortController().signal);
          const text = await produce('delivered');
          await waitFor(`${config.name} to deliver ${text}`, async () => received(log, text), { timeoutMs: deliveryTimeoutMs, intervalMs: 20 });
          if (input.produce) expect(log.events.find((event) => textOf(event.data) === text)?.data).toEqual(Buffer.from(text));
        });

        if (input.redelivers) {
          it('delivers an event again after the handler failed it', async () => {
            const binding = await reader();
            const log = new EventLog();
            const text = uniqueKey(config.name, 'redelivered');
            log.failFirstDeliveryOf(text);
            await binding.read(log.handler, new AbortController().signal);
            await input.produce?.(Buffer.from(text));
            await waitFor(`${config.name} to deliver ${text} again after a failure`, async () => log.count(text) >= 2, { timeoutMs: deliveryTimeoutMs, intervalMs: 20 });
          });
        }

        it('stops handing events to a handler whose signal aborted', async () => {
          const binding = await reader();
          const first = new EventLog();
          const stop = new AbortController();
          await binding.read(first.handler, stop.signal);
          const before = await produce('before-abort');
          await waitFor(`${config.name} to deliver ${before}`, async () => received(first, before), { timeoutMs: deliveryTimeoutMs, intervalMs: 20 });
          stop.abort();
          first.stop();
          // A second reader on the same binding proves events still flow, so the first one's
          // silence is not just an idle source.
          const second = new EventLog();
          await binding.read(second.handler, new AbortController().signal);
          const after = await produce('after-abort');
          await waitFor(`${config.name} to deliver ${after} to the new reader`, async () => received(second, after), { timeoutMs: deliveryTimeoutMs, intervalMs: 20 });
          expect(first.afterStop.map((event) => textOf(event.data))).toEqual([]);
        });
      });
    }
  });
}
