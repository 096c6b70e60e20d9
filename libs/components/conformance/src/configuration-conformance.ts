import { isSubscriptionNotFoundError, type ConfigurationStore, type ConfigurationUpdateEvent } from '@dapr-ts/components-configuration';
import { componentUnderTest } from './component-under-test';
import { describeError, rejectionOf } from './rejection-of';
import { uniqueKey } from './unique-key';
import { waitFor } from './wait-for';

/** Writes straight into a configuration store's backend, as an operator would (Dapr never writes). */
export interface ConfigurationWriter {
  set(items: Record<string, { value: string; version: string }>): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** One configuration store's entry in the conformance table. */
export interface ConfigurationConformanceConfig {
  /** Shown in test names and used in keys, e.g. `configuration.redis`. */
  name: string;
  /** Returns a fresh, uninitialised store; the suite initialises and closes it. */
  create: () => ConfigurationStore;
  /** The component's `spec.metadata`, as strings. */
  metadata: Record<string, string>;
  /** Opens a writer on the backend the store reads; the suite closes it. */
  writer: () => Promise<ConfigurationWriter>;
  /** Request metadata every subscription needs, e.g. `{pgNotifyChannel}` for Postgres. */
  subscribeMetadata?: Record<string, string>;
  config?: {
    /** How long a write may take to reach a subscriber. Default 10 000 ms. */
    notifyTimeoutMs?: number;
  };
}

/** Every update a subscription received, in order. */
class Recorder {
  readonly events: ConfigurationUpdateEvent[] = [];
  readonly handler = async (event: ConfigurationUpdateEvent): Promise<void> => {
    this.events.push(event);
  };
  /** The values `key` was reported with, in order. */
  values(key: string): string[] {
    return this.events.flatMap((event) => (event.items[key] ? [event.items[key].value] : []));
  }
}

/**
 * Defines the configuration store conformance suite for one component, as jest `describe` blocks
 * (contrib tests/conformance/configuration). Call it at the top level of a spec file. Every test
 * uses its own random keys, so shared, long-lived servers are safe to use.
 */
export function runConfigurationConformance(config: ConfigurationConformanceConfig): void {
  describe(`configuration conformance: ${config.name}`, () => {
    const signal = new AbortController().signal;
    const store = componentUnderTest<ConfigurationStore>(config, signal);
    const notifyTimeoutMs = config.config?.notifyTimeoutMs ?? 10_000;
    const written = new Set<string>();
    let writer: ConfigurationWriter | undefined;
    const opened: string[] = [];

    beforeAll(async () => {
      writer = await config.writer();
    });
    afterAll(async () => {
      await writer?.delete([...written]);
      await writer?.close();
    });
    afterEach(async () => {
      // A failed test must not leave subscriptions running into the next one.
      for (const id of opened.splice(0)) await store().unsubscribe(id, signal).catch(() => undefined);
    });

    const key = (label: string): string => uniqueKey(config.name, label);
    const set = async (items: Record<string, { value: string; version: string }>): Promise<void> => {
      for (const k of Object.keys(items)) written.add(k);
      await writer?.set(items);
    };
    const item = (value: string, version: string) => ({ value, version, metadata: {} });
    const get = async (keys: string[]) => (await store().get({ keys, metadata: {} }, signal)).items;
    const subscribe = async (keys: string[], recorder: Recorder): Promise<string> => {
      const id = await store().subscribe({ keys, metadata: { ...config.subscribeMetadata } }, recorder.handler, signal);
      opened.push(id);
      return id;
    };
    const eventually = (what: string, check: () => boolean): Promise<void> => waitFor(what, async () => check(), { timeoutMs: notifyTimeoutMs, intervalMs: 20 });

    describe('features()', () => {
      it('lists each feature once', () => {
        const features = store().features();
        expect(new Set(features).size).toBe(features.length);
      });
    });

    describe('.get()', () => {
      it('returns the value and version of each requested key', async () => {
        const [a, b] = [key('get-a'), key('get-b')];
        await set({ [a]: { value: 'alpha', version: '1' }, [b]: { value: 'beta', version: '7' } });
        await expect(get([a, b])).resolves.toEqual({ [a]: item('alpha', '1'), [b]: item('beta', '7') });
      });

      it('returns only the requested keys', async () => {
        const [a, b, c] = [key('some-a'), key('some-b'), key('some-c')];
        await set({ [a]: { value: 'a', version: '1' }, [b]: { value: 'b', version: '1' }, [c]: { value: 'c', version: '1' } });
        await expect(get([a, c])).resolves.toEqual({ [a]: item('a', '1'), [c]: item('c', '1') });
      });

      it('leaves out keys that do not exist', async () => {
        const [a, missing] = [key('present'), key('missing')];
        await set({ [a]: { value: 'here', version: '2' } });
        await expect(get([a, missing])).resolves.toEqual({ [a]: item('here', '2') });
        await expect(get([missing])).resolves.toEqual({});
      });

      it('returns every key when none are named', async () => {
        const [a, b] = [key('all-a'), key('all-b')];
        await set({ [a]: { value: 'one', version: '1' }, [b]: { value: 'two', version: '2' } });
        const all = await get([]);
        expect({ [a]: all[a], [b]: all[b] }).toEqual({ [a]: item('one', '1'), [b]: item('two', '2') });
      });

      it('reads the newest value and version after a change, and nothing after a delete', async () => {
        const a = key('changed');
        await set({ [a]: { value: 'old', version: '1' } });
        await set({ [a]: { value: 'new', version: '2' } });
        await expect(get([a])).resolves.toEqual({ [a]: item('new', '2') });
        await writer?.delete([a]);
        await expect(get([a])).resolves.toEqual({});
      });
    });

    describe('.subscribe()', () => {
      it('returns a different id for each subscription', async () => {
        const a = key('ids');
        const [first, second] = [await subscribe([a], new Recorder()), await subscribe([a], new Recorder())];
        expect(first).not.toBe('');
        expect(first).not.toBe(second);
      });

      it('delivers a change of a watched key, tagged with the subscription id', async () => {
        const a = key('watched');
        const recorder = new Recorder();
        const id = await subscribe([a], recorder);
        await set({ [a]: { value: 'v1', version: '1' } });
        await eventually(`the update of ${a}`, () => recorder.values(a).includes('v1'));
        const event = recorder.events.find((e) => e.items[a]?.value === 'v1');
        expect(event).toEqual({ id, items: { [a]: item('v1', '1') } });
      });

      it('delivers only the keys the subscription watches', async () => {
        const [watched, other] = [key('only-watched'), key('only-other')];
        const recorder = new Recorder();
        await subscribe([watched], recorder);
        await set({ [other]: { value: 'ignored', version: '1' } });
        await set({ [watched]: { value: 'seen', version: '1' } });
        await eventually(`the update of ${watched}`, () => recorder.values(watched).includes('seen'));
        // The other key was written first, so had it been delivered it would have arrived by now.
        expect(recorder.events.filter((e) => other in e.items)).toEqual([]);
      });

      it('watches every key when none are named', async () => {
        const a = key('any');
        const recorder = new Recorder();
        await subscribe([], recorder);
        await set({ [a]: { value: 'anything', version: '3' } });
        await eventually(`the update of ${a}`, () => recorder.values(a).includes('anything'));
      });

      it('sees the last of several quick changes last', async () => {
        const a = key('order');
        const recorder = new Recorder();
        await subscribe([a], recorder);
        for (const n of [1, 2, 3]) await set({ [a]: { value: `v${n}`, version: String(n) } });
        await eventually(`v3 of ${a}`, () => recorder.values(a).at(-1) === 'v3');
        const values = recorder.values(a);
        expect([...values].sort()).toEqual(values);
      });

      it('reports a deleted key with an empty value and version', async () => {
        const a = key('deleted');
        await set({ [a]: { value: 'doomed', version: '1' } });
        const recorder = new Recorder();
        await subscribe([a], recorder);
        written.delete(a);
        await writer?.delete([a]);
        await eventually(`the removal of ${a}`, () => recorder.events.some((e) => e.items[a]?.value === '' && e.items[a].version === ''));
      });
    });

    describe('.unsubscribe()', () => {
      it('stops deliveries to that subscription and no other', async () => {
        const a = key('unsubscribe');
        const [stopped, running] = [new Recorder(), new Recorder()];
        const id = await subscribe([a], stopped);
        await subscribe([a], running);
        await store().unsubscribe(id, signal);
        await set({ [a]: { value: 'after', version: '1' } });
        await eventually(`the update of ${a} on the running subscription`, () => running.values(a).includes('after'));
        expect(stopped.events).toEqual([]);
      });

      it('throws SubscriptionNotFoundError for an unknown id, and for one already unsubscribed', async () => {
        const unknown = await rejectionOf(store().unsubscribe('no-such-subscription', signal));
        expect(isSubscriptionNotFoundError(unknown) ? unknown.id : describeError(unknown)).toBe('no-such-subscription');
        const id = await subscribe([key('twice')], new Recorder());
        await store().unsubscribe(id, signal);
        const again = await rejectionOf(store().unsubscribe(id, signal));
        expect(isSubscriptionNotFoundError(again) ? again.id : describeError(again)).toBe(id);
      });
    });
  });
}
