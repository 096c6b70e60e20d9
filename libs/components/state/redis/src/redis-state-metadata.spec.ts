import { redisRetryDelay as backoff } from '@dapr-ts/components-common';
import { metadataErrorField } from '@dapr-ts/conformance';
import { redisClientOptions } from './redis-client-options';
import { parseRedisStateMetadata, type RedisStateMetadata } from './redis-state-metadata';
import { testRedisProperties } from '@dapr-ts/testing';

describe('parseRedisStateMetadata()', () => {
  it('returns Dapr’s defaults when only redisHost is set', () => {
    expect(parseRedisStateMetadata({ redisHost: 'localhost:6379' })).toEqual<RedisStateMetadata>({
      addresses: [{ host: 'localhost', port: 6379 }],
      username: undefined,
      password: undefined,
      db: 0,
      enableTLS: false,
      clientCert: undefined,
      clientKey: undefined,
      sentinelMasterName: undefined,
      sentinelUsername: undefined,
      sentinelPassword: undefined,
      dialTimeoutMs: 5000,
      readTimeoutMs: 3000,
      maxRetries: 3,
      minRetryIntervalMs: 8,
      maxRetryIntervalMs: 512,
      ttlInSeconds: undefined,
      actorStateStore: false,
      queryIndexes: undefined,
    });
  });

  it('reads every supported field, ignoring key case', () => {
    const md = parseRedisStateMetadata({
      REDISHOST: 'redis.example:6380',
      redisPassword: 'secret',
      redisUsername: 'dapr',
      redisdb: '2',
      enableTLS: 'true',
      dialTimeout: '1m30s',
      readTimeout: '-1',
      redisMaxRetries: '-1',
      redisMinRetryInterval: '10ms',
      redisMaxRetryInterval: '-1',
      ttlInSeconds: '60',
      actorStateStore: 'yes',
      queryIndexes: '[]',
    });
    expect(md).toMatchObject({
      addresses: [{ host: 'redis.example', port: 6380 }],
      username: 'dapr',
      password: 'secret',
      db: 2,
      enableTLS: true,
      dialTimeoutMs: 90_000,
      readTimeoutMs: undefined,
      maxRetries: 0,
      minRetryIntervalMs: 10,
      maxRetryIntervalMs: 0,
      ttlInSeconds: 60,
      actorStateStore: true,
      queryIndexes: '[]',
    });
  });

  it.each([
    ['[::1]:7000', { host: '::1', port: 7000 }],
    ['redis', { host: 'redis', port: 6379 }],
    [' 10.0.0.1:1 ', { host: '10.0.0.1', port: 1 }],
  ])('parses redisHost %j', (redisHost, address) => {
    expect(parseRedisStateMetadata({ redisHost }).addresses).toEqual([address]);
  });

  it('keeps ttlInSeconds -1, which removes TTLs on write', () => {
    expect(parseRedisStateMetadata({ redisHost: 'h:1', ttlInSeconds: '-1' }).ttlInSeconds).toBe(-1);
  });

  it('reads Sentinel addresses and master name when failover is on', () => {
    const md = parseRedisStateMetadata({ redisHost: 's1:26379, s2:26380', failover: 'true', sentinelMasterName: 'mymaster', sentinelPassword: 'sp' });
    expect([md.addresses, md.sentinelMasterName, md.sentinelPassword]).toEqual([
      [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      'mymaster',
      'sp',
    ]);
  });

  it.each<[string, Record<string, string>]>([
    ['redisHost', {}],
    ['redisHost', { redisHost: 'a:1,b:2' }],
    ['redisHost', { redisHost: 'host:99999' }],
    ['redisHost', { redisHost: 'host:port' }],
    ['redisDB', { redisHost: 'h:1', redisDB: 'one' }],
    ['redisDB', { redisHost: 'h:1', redisDB: '-1' }],
    ['enableTLS', { redisHost: 'h:1', enableTLS: 'maybe' }],
    ['failover', { redisHost: 'h:1', failover: 'sometimes' }],
    ['sentinelMasterName', { redisHost: 'h:1', failover: 'true' }],
    ['redisType', { redisHost: 'h:1', redisType: 'cluster' }],
    ['redisType', { redisHost: 'h:1', redisType: 'ring' }],
    ['useEntraID', { redisHost: 'h:1', useEntraID: 'true' }],
    ['dialTimeout', { redisHost: 'h:1', dialTimeout: 'soon' }],
    ['readTimeout', { redisHost: 'h:1', readTimeout: '-3s' }],
    ['idleTimeout', { redisHost: 'h:1', idleTimeout: 'forever' }],
    ['poolSize', { redisHost: 'h:1', poolSize: 'ten' }],
    ['redisMaxRetries', { redisHost: 'h:1', redisMaxRetries: '-2' }],
    ['ttlInSeconds', { redisHost: 'h:1', ttlInSeconds: '0' }],
    ['actorStateStore', { redisHost: 'h:1', actorStateStore: 'ja' }],
    ['clientKey', { redisHost: 'h:1', enableTLS: 'true', clientCert: 'CERT' }],
    ['enableTLS', { redisHost: 'h:1', clientCert: 'CERT', clientKey: 'KEY' }],
  ])('throws a MetadataError naming %s', (field, properties) => {
    expect(metadataErrorField(() => parseRedisStateMetadata(properties))).toBe(field);
  });
});

describe('redisClientOptions()', () => {
  it('maps a single node with auth, database, timeouts and TLS client certificate', () => {
    const options = redisClientOptions(
      parseRedisStateMetadata({ redisHost: 'r:6380', redisUsername: 'u', redisPassword: 'p', redisDB: '4', enableTLS: 'true', clientCert: 'CERT', clientKey: 'KEY', dialTimeout: '2s', readTimeout: '4s', redisMaxRetries: '5' }),
    );
    expect(options).toMatchObject({ host: 'r', port: 6380, username: 'u', password: 'p', db: 4, tls: { cert: 'CERT', key: 'KEY' }, connectTimeout: 2000, commandTimeout: 4000, maxRetriesPerRequest: 5, lazyConnect: true, autoResendUnfulfilledCommands: false });
    expect(options.sentinels).toBeUndefined();
  });

  it('omits commandTimeout and TLS when readTimeout is -1 and enableTLS is off', () => {
    const options = redisClientOptions(parseRedisStateMetadata({ redisHost: 'r:1', readTimeout: '-1' }));
    expect([options.commandTimeout, options.tls]).toEqual([undefined, undefined]);
  });

  it('connects through Sentinels when failover is on', () => {
    const options = redisClientOptions(parseRedisStateMetadata({ redisHost: 's1:26379,s2:26379', failover: 'true', sentinelMasterName: 'm', sentinelUsername: 'su', sentinelPassword: 'sp' }));
    expect(options).toMatchObject({ name: 'm', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }], sentinelUsername: 'su', sentinelPassword: 'sp' });
    expect(options.host).toBeUndefined();
  });

  it('backs off exponentially between the retry intervals', () => {
    const options = redisClientOptions(parseRedisStateMetadata({ redisHost: 'r:1' }));
    expect([1, 2, 3, 7, 8, 20].map((attempt) => options.retryStrategy?.(attempt))).toEqual([8, 16, 32, 512, 512, 512]);
    expect(backoff(3, 0, 0)).toBe(0);
  });
});

describe('testRedisProperties()', () => {
  it('prefers REDIS_URL, then REDIS_HOST, then 127.0.0.1:6379', () => {
    expect(testRedisProperties({ REDIS_URL: 'rediss://u:p%40ss@r.example:7000/2', REDIS_HOST: 'ignored:1' })).toEqual({ redisHost: 'r.example:7000', redisUsername: 'u', redisPassword: 'p@ss', redisDB: '2', enableTLS: 'true' });
    expect(testRedisProperties({ REDIS_HOST: 'other:6390' })).toEqual({ redisHost: 'other:6390' });
    expect(testRedisProperties({})).toEqual({ redisHost: '127.0.0.1:6379' });
  });
});
