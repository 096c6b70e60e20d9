import type { ConfigurationUpdateEvent } from './configuration-store';
import { ConfigurationSubscriptions, deletedItem } from './configuration-subscriptions';
import { isSubscriptionNotFoundError, SubscriptionNotFoundError } from './errors';

const item = (value: string) => ({ value, version: '1', metadata: {} });

/** Resolves once every queued delivery has run (they chain on microtasks and the handlers' promises). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ConfigurationSubscriptions', () => {
  const errors: unknown[] = [];
  let subscriptions: ConfigurationSubscriptions<string>;
  beforeEach(() => {
    errors.length = 0;
    subscriptions = new ConfigurationSubscriptions<string>({ onHandlerError: (_id, err) => errors.push(err) });
  });

  describe('.publish()', () => {
    it('gives each subscription only the keys it watches, and all to one watching every key', async () => {
      const some: ConfigurationUpdateEvent[] = [];
      const all: ConfigurationUpdateEvent[] = [];
      const a = subscriptions.add(['a'], async (e) => void some.push(e), 'x');
      const b = subscriptions.add([], async (e) => void all.push(e), 'x');
      subscriptions.publish({ a: item('1'), b: item('2') });
      subscriptions.publish({ b: item('3') });
      await settle();
      expect(some).toEqual([{ id: a.id, items: { a: item('1') } }]);
      expect(all).toEqual([
        { id: b.id, items: { a: item('1'), b: item('2') } },
        { id: b.id, items: { b: item('3') } },
      ]);
    });

    it('delivers in order, one call at a time, even when a handler is slow', async () => {
      const seen: string[] = [];
      let running = 0;
      let overlapped = false;
      subscriptions.add([], async (e) => {
        overlapped ||= running++ > 0;
        await new Promise((resolve) => setTimeout(resolve, e.items['k']?.value === '1' ? 20 : 0));
        seen.push(e.items['k']?.value ?? '');
        running--;
      }, 'x');
      for (const v of ['1', '2', '3']) subscriptions.publish({ k: item(v) });
      for (let tries = 0; seen.length < 3 && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect([seen, overlapped]).toEqual([['1', '2', '3'], false]);
    });

    it('only reaches subscriptions the filter accepts, by their extra data', async () => {
      const got: string[] = [];
      subscriptions.add([], async () => void got.push('red'), 'red');
      subscriptions.add([], async () => void got.push('blue'), 'blue');
      subscriptions.publish({ k: item('1') }, (s) => s.extra === 'blue');
      await settle();
      expect(got).toEqual(['blue']);
    });

    it('reports a failing handler and keeps delivering to it', async () => {
      const got: string[] = [];
      subscriptions.add([], async (e) => {
        if (e.items['k']?.value === 'bad') throw new Error('boom');
        got.push(e.items['k']?.value ?? '');
      }, 'x');
      subscriptions.publish({ k: item('bad') });
      subscriptions.publish({ k: item('good') });
      await settle();
      expect([got, errors.map((e) => (e as Error).message)]).toEqual([['good'], ['boom']]);
    });
  });

  describe('.remove()', () => {
    it('drops deliveries queued but not started, and returns undefined the second time', async () => {
      const got: string[] = [];
      const s = subscriptions.add([], async (e) => void got.push(e.items['k']?.value ?? ''), 'x');
      subscriptions.publish({ k: item('queued') });
      expect(subscriptions.remove(s.id)?.id).toBe(s.id);
      expect(subscriptions.remove(s.id)).toBeUndefined();
      await settle();
      expect([got, subscriptions.size]).toEqual([[], 0]);
    });
  });

  it('gives every subscription a distinct id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => subscriptions.add([], async () => undefined, 'x').id));
    expect(ids.size).toBe(50);
  });
});

describe('deletedItem()', () => {
  it('is an empty value and version', () => {
    expect(deletedItem()).toEqual({ value: '', version: '', metadata: {} });
  });
});

describe('SubscriptionNotFoundError', () => {
  it('names the id and is recognised by its brand', () => {
    const err = new SubscriptionNotFoundError('abc');
    expect([err.message, err.name, isSubscriptionNotFoundError(err), isSubscriptionNotFoundError(new Error('abc'))]).toEqual(['subscription abc does not exist', 'SubscriptionNotFoundError', true, false]);
  });
});
