import { durableNameFor } from './jetstream-consumer';
import { nakDelayMs } from './jetstream-subscription';

describe('nakDelayMs()', () => {
  it('takes the backOff entry of the delivery, repeating the last one', () => {
    expect([1, 2, 3, 4].map((count) => nakDelayMs({ backOffMs: [50, 1000, 10_000], ackWaitMs: 5000 }, count))).toEqual([50, 1000, 10_000, 10_000]);
  });

  it('takes ackWait without backOff, as Dapr does', () => {
    expect(nakDelayMs({ backOffMs: [], ackWaitMs: 5000 }, 3)).toBe(5000);
  });

  it('doubles from 500 ms up to 30 s without either', () => {
    expect([1, 2, 3, 7, 8].map((count) => nakDelayMs({ backOffMs: [], ackWaitMs: undefined }, count))).toEqual([500, 1000, 2000, 30_000, 30_000]);
  });
});

describe('durableNameFor()', () => {
  it('joins consumerID and topic when both are valid name characters', () => {
    expect(durableNameFor('app', 'orders')).toBe('app-orders');
  });

  it('replaces forbidden characters and adds a hash of the original, so topics never collide', () => {
    const [dotted, underscored] = [durableNameFor('app', 'orders.eu'), durableNameFor('app', 'orders_eu')];
    expect([dotted, underscored]).toEqual([expect.stringMatching(/^app-orders_eu-[0-9a-f]{12}$/), 'app-orders_eu']);
  });

  it('cuts long names to 100 characters, keeping them unique', () => {
    const [a, b] = [durableNameFor('app', 'x'.repeat(200)), durableNameFor('app', `${'x'.repeat(199)}y`)];
    expect([a.length, b.length, a === b]).toEqual([100, 100, false]);
  });
});
