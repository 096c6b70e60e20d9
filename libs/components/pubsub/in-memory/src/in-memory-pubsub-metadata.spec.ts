import { isMetadataError } from '@dapr-ts/components-common';
import { parseInMemoryPubSubMetadata, redeliveryDelayMs } from './in-memory-pubsub-metadata';

describe('parseInMemoryPubSubMetadata()', () => {
  function fieldOf(properties: Record<string, string>): string {
    try {
      parseInMemoryPubSubMetadata(properties);
    } catch (err) {
      if (isMetadataError(err)) return err.field;
      throw err;
    }
    return 'no error';
  }

  it('returns the defaults for empty metadata', () => {
    expect(parseInMemoryPubSubMetadata({})).toEqual({ consumerID: undefined, redeliverIntervalMs: 200, maxRedeliverIntervalMs: 10_000, maxConcurrentHandlers: 100 });
  });

  it('reads every field, ignoring key case and unknown keys', () => {
    expect(parseInMemoryPubSubMetadata({ ConsumerId: 'orders', redeliverinterval: '1m30s', MAXREDELIVERINTERVAL: 'PT2M', maxConcurrentHandlers: '1', other: 'x' })).toEqual({
      consumerID: 'orders',
      redeliverIntervalMs: 90_000,
      maxRedeliverIntervalMs: 120_000,
      maxConcurrentHandlers: 1,
    });
  });

  it('reads bare numbers as seconds and treats blank values as unset', () => {
    expect(parseInMemoryPubSubMetadata({ consumerID: ' ', redeliverInterval: '2', maxConcurrentHandlers: '' })).toEqual({
      consumerID: undefined,
      redeliverIntervalMs: 2000,
      maxRedeliverIntervalMs: 10_000,
      maxConcurrentHandlers: 100,
    });
  });

  it('raises the default cap to a redeliverInterval above it', () => {
    expect(parseInMemoryPubSubMetadata({ redeliverInterval: '1m' })).toMatchObject({ redeliverIntervalMs: 60_000, maxRedeliverIntervalMs: 60_000 });
  });

  it('maps maxConcurrentHandlers 0 to no bound', () => {
    expect(parseInMemoryPubSubMetadata({ maxConcurrentHandlers: '0' }).maxConcurrentHandlers).toBe(Infinity);
  });

  it.each([
    [{ redeliverInterval: '0s' }, 'redeliverInterval'],
    [{ redeliverInterval: '-1s' }, 'redeliverInterval'],
    [{ redeliverInterval: 'soon' }, 'redeliverInterval'],
    [{ redeliverInterval: '2s', maxRedeliverInterval: '1s' }, 'maxRedeliverInterval'],
    [{ maxRedeliverInterval: 'later' }, 'maxRedeliverInterval'],
    [{ maxConcurrentHandlers: '-1' }, 'maxConcurrentHandlers'],
    [{ maxConcurrentHandlers: '1.5' }, 'maxConcurrentHandlers'],
    [{ consumerID: 'a', consumerid: 'b' }, 'consumerid'],
  ])('rejects %j with a MetadataError naming %s', (properties, field) => {
    expect(fieldOf(properties)).toBe(field);
  });
});

describe('redeliveryDelayMs()', () => {
  it('doubles from the interval per failed attempt, up to the cap', () => {
    const settings = { redeliverIntervalMs: 200, maxRedeliverIntervalMs: 1000 };
    expect([1, 2, 3, 4, 5, 2000].map((attempts) => redeliveryDelayMs(settings, attempts))).toEqual([200, 400, 800, 1000, 1000, 1000]);
  });
});
