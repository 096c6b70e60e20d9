import { parseRedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';
import { isRedisError, redisOptionsFrom } from './redis-connection';

describe('redisOptionsFrom()', () => {
  it('maps a single node with auth, db, timeouts and retries', () => {
    const options = redisOptionsFrom(
      parseRedisStreamsPubSubMetadata({ redisHost: 'db:6380', redisUsername: 'u', redisPassword: 'p', redisDB: '2', dialTimeout: '1s', readTimeout: '2s', redisMaxRetries: '3' }),
    );
    const { retryStrategy, ...rest } = options;
    expect(rest).toEqual({ host: 'db', port: 6380, username: 'u', password: 'p', db: 2, connectTimeout: 1000, commandTimeout: 2000, maxRetriesPerRequest: 3, lazyConnect: true });
    expect([1, 2, 3, 7, 8, 20].map((attempt) => retryStrategy?.(attempt))).toEqual([10, 16, 32, 512, 512, 512]);
  });

  it('maps failover to Sentinels naming the master, with TLS for both', () => {
    const options = redisOptionsFrom(
      parseRedisStreamsPubSubMetadata({ redisHost: 's1:26379,s2:26379', failover: 'true', sentinelMasterName: 'mymaster', sentinelPassword: 'sp', enableTLS: 'true', readTimeout: '-1' }),
    );
    const { retryStrategy: _ignored, ...rest } = options;
    expect(rest).toEqual({
      db: 0,
      connectTimeout: 5000,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      tls: {},
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      sentinelPassword: 'sp',
      enableTLSForSentinelMode: true,
      sentinelTLS: {},
    });
  });
});

describe('isRedisError()', () => {
  it('matches the error code Redis puts first in the message', () => {
    expect([isRedisError(new Error('NOGROUP No such key'), 'NOGROUP'), isRedisError(new Error('BUSYGROUP x'), 'NOGROUP'), isRedisError('NOGROUP', 'NOGROUP')]).toEqual([true, false, false]);
  });
});
