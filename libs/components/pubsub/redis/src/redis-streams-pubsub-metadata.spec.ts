import { isMetadataError } from '@dapr-ts/components-common';
import { parseRedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';

describe('parseRedisStreamsPubSubMetadata()', () => {
  function fieldOf(properties: Record<string, string>): string {
    try {
      parseRedisStreamsPubSubMetadata(properties);
    } catch (err) {
      if (isMetadataError(err)) return err.field;
      throw err;
    }
    return 'no error';
  }

  it("returns Dapr's defaults for a bare redisHost", () => {
    expect(parseRedisStreamsPubSubMetadata({ redisHost: 'localhost:6379' })).toEqual({
      redisHost: 'localhost:6379',
      addresses: [{ host: 'localhost', port: 6379 }],
      redisUsername: undefined,
      redisPassword: undefined,
      redisDB: 0,
      enableTLS: false,
      clientCert: undefined,
      clientKey: undefined,
      failover: false,
      sentinelMasterName: undefined,
      sentinelUsername: undefined,
      sentinelPassword: undefined,
      dialTimeoutMs: 5000,
      readTimeoutMs: 3000,
      redisMaxRetries: 0,
      redisMinRetryIntervalMs: 8,
      redisMaxRetryIntervalMs: 512,
      consumerID: undefined,
      redeliverIntervalMs: 60_000,
      processingTimeoutMs: 15_000,
      queueDepth: 100,
      concurrency: 10,
      maxLenApprox: 0,
      streamTTLMs: 0,
      ackOnError: false,
    });
  });

  it('reads every field, ignoring key case and unknown keys', () => {
    expect(
      parseRedisStreamsPubSubMetadata({
        RedisHost: 's1:26379,s2',
        redisusername: 'u',
        redisPassword: 'p',
        redisDB: '3',
        enableTLS: 'true',
        clientCert: 'CERT',
        clientKey: 'KEY',
        failover: 'yes',
        sentinelMasterName: 'mymaster',
        sentinelUsername: 'su',
        sentinelPassword: 'sp',
        dialTimeout: '2s',
        readTimeout: '-1',
        redisMaxRetries: '5',
        redisMinRetryInterval: '-1',
        redisMaxRetryInterval: '5s',
        consumerID: 'app',
        redeliverInterval: '5000',
        processingTimeout: '1m',
        queueDepth: '1000',
        concurrency: '15',
        maxLenApprox: '10000',
        streamTTL: '30d',
        ackOnError: 'true',
        poolSize: '20',
        other: 'x',
      }),
    ).toEqual({
      redisHost: 's1:26379,s2',
      addresses: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 6379 },
      ],
      redisUsername: 'u',
      redisPassword: 'p',
      redisDB: 3,
      enableTLS: true,
      clientCert: 'CERT',
      clientKey: 'KEY',
      failover: true,
      sentinelMasterName: 'mymaster',
      sentinelUsername: 'su',
      sentinelPassword: 'sp',
      dialTimeoutMs: 2000,
      readTimeoutMs: undefined,
      redisMaxRetries: 5,
      redisMinRetryIntervalMs: 0,
      redisMaxRetryIntervalMs: 5000,
      consumerID: 'app',
      redeliverIntervalMs: 5000,
      processingTimeoutMs: 60_000,
      queueDepth: 1000,
      concurrency: 15,
      maxLenApprox: 10_000,
      streamTTLMs: 30 * 86_400_000,
      ackOnError: true,
    });
  });

  it('reads bare numbers as milliseconds and "0" as redelivery disabled, as contrib does', () => {
    expect(parseRedisStreamsPubSubMetadata({ redisHost: 'h', redeliverInterval: '0', processingTimeout: '250', streamTTL: '1d12h' })).toMatchObject({
      redeliverIntervalMs: 0,
      processingTimeoutMs: 250,
      streamTTLMs: 36 * 3_600_000,
    });
  });

  it.each([
    [{}, 'redisHost'],
    [{ redisHost: 'h:0' }, 'redisHost'],
    [{ redisHost: 'a:1,b:2' }, 'redisHost'],
    [{ redisHost: 'h', redisType: 'cluster' }, 'redisType'],
    [{ redisHost: 'h', redisType: 'ring' }, 'redisType'],
    [{ redisHost: 'h', useEntraID: 'true' }, 'useEntraID'],
    [{ redisHost: 'h', failover: 'true' }, 'sentinelMasterName'],
    [{ redisHost: 'h', clientCert: 'c' }, 'clientKey'],
    [{ redisHost: 'h', clientCert: 'c', clientKey: 'k' }, 'enableTLS'],
    [{ redisHost: 'h', redisDB: '-1' }, 'redisDB'],
    [{ redisHost: 'h', queueDepth: '0' }, 'queueDepth'],
    [{ redisHost: 'h', concurrency: '1.5' }, 'concurrency'],
    [{ redisHost: 'h', maxLenApprox: 'lots' }, 'maxLenApprox'],
    [{ redisHost: 'h', redeliverInterval: '-5s' }, 'redeliverInterval'],
    [{ redisHost: 'h', processingTimeout: 'soon' }, 'processingTimeout'],
    [{ redisHost: 'h', dialTimeout: '-1' }, 'dialTimeout'],
    [{ redisHost: 'h', readTimeout: '-2' }, 'readTimeout'],
    [{ redisHost: 'h', idleTimeout: 'never' }, 'idleTimeout'],
    [{ redisHost: 'h', consumerID: 'a', consumerid: 'b' }, 'consumerid'],
  ])('rejects %j with a MetadataError naming %s', (properties, field) => {
    expect(fieldOf(properties)).toBe(field);
  });
});
