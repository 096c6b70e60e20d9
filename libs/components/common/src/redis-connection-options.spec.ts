import { MetadataReader } from './metadata-reader';
import { describeRedisAddresses, formatRedisAddress, redisConnectionOptions, redisRetryDelay } from './redis-connection-options';
import { parseRedisSettings, type RedisSettings } from './redis-settings';

function settings(properties: Record<string, string>): RedisSettings {
  return parseRedisSettings(new MetadataReader(properties), { component: 'test.redis' });
}

describe('redisConnectionOptions()', () => {
  it('maps a single node with auth, database, timeouts and a TLS client certificate', () => {
    const { retryStrategy, ...options } = redisConnectionOptions(
      settings({ redisHost: 'r:6380', redisUsername: 'u', redisPassword: 'p', redisDB: '4', enableTLS: 'true', clientCert: 'CERT', clientKey: 'KEY', dialTimeout: '2s', readTimeout: '4s', redisMaxRetries: '5' }),
    );
    expect(options).toEqual({ host: 'r', port: 6380, username: 'u', password: 'p', db: 4, tls: { cert: 'CERT', key: 'KEY' }, connectTimeout: 2000, commandTimeout: 4000, maxRetriesPerRequest: 5, lazyConnect: true });
    expect([1, 2, 3, 7, 8, 20].map((attempt) => retryStrategy(attempt))).toEqual([8, 16, 32, 512, 512, 512]);
  });

  it('omits commandTimeout and TLS when readTimeout is -1 and enableTLS is off', () => {
    const options = redisConnectionOptions(settings({ redisHost: 'r:1', readTimeout: '-1' }));
    expect(['commandTimeout' in options, 'tls' in options]).toEqual([false, false]);
  });

  it('connects through Sentinels naming the master when failover is on, with TLS for both', () => {
    const { retryStrategy: _ignored, ...options } = redisConnectionOptions(
      settings({ redisHost: 's1:26379,s2:26379', failover: 'true', sentinelMasterName: 'm', sentinelUsername: 'su', sentinelPassword: 'sp', enableTLS: 'true' }),
    );
    expect(options).toEqual({
      name: 'm',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      sentinelUsername: 'su',
      sentinelPassword: 'sp',
      tls: {},
      sentinelTLS: {},
      enableTLSForSentinelMode: true,
      db: 0,
      connectTimeout: 5000,
      commandTimeout: 3000,
      maxRetriesPerRequest: 3,
      lazyConnect: true,
    });
  });

  it.each([
    [{}, undefined],
    [{ resendUnfulfilled: false }, false],
    [{ resendUnfulfilled: true }, true],
  ])('with %j sets autoResendUnfulfilledCommands to %j', (behaviour, expected) => {
    expect(redisConnectionOptions(settings({ redisHost: 'h' }), behaviour).autoResendUnfulfilledCommands).toBe(expected);
  });

  it('waits at least minReconnectDelayMs between reconnects, even with backoff disabled', () => {
    const disabled = settings({ redisHost: 'h', redisMinRetryInterval: '-1', redisMaxRetryInterval: '-1' });
    expect([1, 5].map((attempt) => redisConnectionOptions(disabled).retryStrategy(attempt))).toEqual([0, 0]);
    expect([1, 5].map((attempt) => redisConnectionOptions(disabled, { minReconnectDelayMs: 10 }).retryStrategy(attempt))).toEqual([10, 10]);
    expect([1, 2, 8].map((attempt) => redisConnectionOptions(settings({ redisHost: 'h' }), { minReconnectDelayMs: 10 }).retryStrategy(attempt))).toEqual([10, 16, 512]);
  });
});

describe('redisRetryDelay()', () => {
  it.each([
    [1, 8, 512, 8],
    [2, 8, 512, 16],
    [0, 8, 512, 8],
    [10, 8, 512, 512],
    [3, 0, 0, 0],
  ])('waits before attempt %i (from %i ms, at most %i ms) %i ms', (attempt, minMs, maxMs, expected) => {
    expect(redisRetryDelay(attempt, minMs, maxMs)).toBe(expected);
  });
});

describe('formatRedisAddress()', () => {
  it('brackets IPv6 hosts', () => {
    expect([formatRedisAddress({ host: '::1', port: 7000 }), formatRedisAddress({ host: 'redis', port: 6379 })]).toEqual(['[::1]:7000', 'redis:6379']);
  });
});

describe('describeRedisAddresses()', () => {
  it('names every address, and the Sentinel master when failover is on', () => {
    expect(describeRedisAddresses(settings({ redisHost: '[::1]:7000' }))).toBe('[::1]:7000');
    expect(describeRedisAddresses(settings({ redisHost: 's1:1,s2:2', failover: 'true', sentinelMasterName: 'm' }))).toBe('s1:1,s2:2 (Sentinel master m)');
  });
});
