import type { BindingEvent, BindingEventHandler, InputBinding } from '@dapr-ts/components-bindings';
import type { AppCallbacks } from '@dapr-ts/daprd-app-callbacks';
import type { Logger } from '@dapr-ts/logger';
import { parseBindingDirection } from './binding-runtime-metadata';
import { InFlight } from '@dapr-ts/kit';

/** One loaded input binding component and the runtime metadata read from it. */
export interface InputBindingEntry {
  name: string;
  binding: InputBinding;
  /** `route` metadata: the app path probed and sent events; the binding's name when unset. */
  route?: string;
  /** `direction` metadata; a binding whose direction leaves out `input` is not read. */
  direction?: string;
}

export interface InputBindingsRunnerOptions {
  bindings: readonly InputBindingEntry[];
  /** Scoped logger, e.g. `dapr.runtime.bindings`. */
  logger: Logger;
}

/**
 * Reads the input bindings the app asked for and hands their events to the app. Mirrors dapr
 * pkg/runtime/processor/binding StartReadingFromBindings.
 *
 * `start` is called once the app is reachable. It asks the app which input bindings it handles
 * (`OPTIONS /<route>` or `ListInputBindings`) and starts reading those. As in Dapr, `direction`
 * does not skip that question: it only decides whether a component is an input binding at all
 * (unset or containing `input`), which lets the runtime skip waiting for the app when no
 * component is (see {@link InputBindingsRunner.inputBindings}).
 *
 * Aborting the start signal stops the reads and refuses events that still arrive, but lets
 * deliveries under way finish; `stop(grace)` does the same, then waits up to the grace period for
 * those deliveries and aborts the ones left.
 */
export class InputBindingsRunner {
  private readonly options: InputBindingsRunnerOptions;
  private readonly reads = new AbortController();
  private readonly deliveries = new AbortController();
  private readonly inFlight = new InFlight();
  private started = false;
  private halted = false;
  private stopping: Promise<void> | undefined;
  private readonly active: string[] = [];

  constructor(options: InputBindingsRunnerOptions) {
    this.options = options;
  }

  /**
   * The input bindings that take part: those whose direction includes input or is unset (an
   * invalid direction counts as none). When empty, the runtime need not wait for the app.
   */
  inputBindings(): string[] {
    return this.options.bindings.filter((entry) => isInputOrFalse(entry)).map((entry) => entry.name);
  }

  /** The bindings being read, in the order their reads started; empty once halted. */
  reading(): readonly string[] {
    return [...this.active];
  }

  /**
   * Asks `app` which bindings it handles and starts reading them; resolves once every read has
   * started. A binding that fails to start is logged and skipped; so is everything when the app
   * cannot be asked. Call once; after `signal` aborts or stop() it does nothing.
   */
  async start(app: AppCallbacks, signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('input bindings runner: start() called twice');
    this.started = true;
    const { logger } = this.options;
    if (signal.aborted) this.halt();
    if (this.halted) return;
    signal.addEventListener('abort', () => this.halt(), { once: true });

    const entries = this.options.bindings.filter((entry) => {
      try {
        if (isInput(entry)) return true;
        logger.debug(`binding ${entry.name} has direction "${entry.direction ?? ''}": not reading from it`);
      } catch (err) {
        logger.error(`binding ${entry.name}: ${messageOf(err)}; not reading from it`);
      }
      return false;
    });
    if (entries.length === 0) return;

    let subscribed: Set<string>;
    try {
      subscribed = await app.listInputBindings(
        entries.map((entry) => ({ name: entry.name, route: routeOf(entry) })),
        signal,
      );
    } catch (err) {
      if (!this.halted) logger.error(`could not ask the app which input bindings it handles; no input binding is read: ${messageOf(err)}`);
      return;
    }
    if (this.halted) return;

    await Promise.all(
      entries.map(async (entry) => {
        if (!subscribed.has(entry.name)) {
          logger.info(`app has not subscribed to binding ${entry.name}.`);
          return;
        }
        try {
          await entry.binding.read(this.handlerFor(app, entry), this.reads.signal);
          if (!this.halted) this.active.push(entry.name);
          logger.info(`reading from input binding ${entry.name}`);
        } catch (err) {
          logger.error(`failed to start reading from input binding ${entry.name}: ${messageOf(err)}`);
        }
      }),
    );
  }

  /**
   * Stops reading and refuses new events at once; waits up to `gracePeriodMs` for events the app
   * is handling, then aborts their delivery signal and resolves without waiting further.
   * Idempotent: later calls return the first call's promise.
   */
  stop(gracePeriodMs: number): Promise<void> {
    this.stopping ??= this.shutdown(gracePeriodMs);
    return this.stopping;
  }

  /** Stops the reads and refuses events from now on; deliveries under way go on. */
  private halt(): void {
    if (this.halted) return;
    this.halted = true;
    this.active.length = 0;
    this.reads.abort();
  }

  private async shutdown(gracePeriodMs: number): Promise<void> {
    this.halt();
    const drained = await this.inFlight.drain(gracePeriodMs);
    if (!drained) {
      this.options.logger.warn(`${this.inFlight.size} input binding event(s) still being handled by the app after the grace period; aborting them`);
      this.deliveries.abort();
    }
  }

  private handlerFor(app: AppCallbacks, entry: InputBindingEntry): BindingEventHandler {
    const { name } = entry;
    const route = routeOf(entry);
    return async (event: BindingEvent, signal: AbortSignal) => {
      if (this.halted) throw new Error(`input binding ${name}: the runtime is stopping, event not delivered`);
      return this.inFlight.track(async () => {
        try {
          return await app.onBindingEvent(
            { name, route, data: event.data, metadata: event.metadata, ...(event.contentType ? { contentType: event.contentType } : {}) },
            AbortSignal.any([signal, this.deliveries.signal]),
          );
        } catch (err) {
          this.options.logger.debug(`app did not accept the event from input binding ${name}: ${messageOf(err)}`);
          throw err;
        }
      });
    };
  }
}

/** The app path for a binding's events: its `route` metadata, else its name. */
function routeOf(entry: InputBindingEntry): string {
  return entry.route || entry.name;
}

/** Throws MetadataError for an invalid direction. */
function isInput(entry: InputBindingEntry): boolean {
  return parseBindingDirection(entry.direction).input;
}

function isInputOrFalse(entry: InputBindingEntry): boolean {
  try {
    return isInput(entry);
  } catch {
    return false;
  }
}

/** Duck-typed: errors from other realms fail `instanceof Error`. */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
