import { isMetadataError } from '@dapr-ts/components-common';
import { describeAddress, redisLockClientOptions } from './redis-lock-client-options';
import { parseRedisLockMetadata, type RedisLockMetadata } from './redis-lock-metadata';
import { testRedisProperties } from '@dapr-ts/testing';

/** The field of the MetadataError `parse` throws, or a description of what happened instead. */
function failingField(properties: Record<string, string>): string {
  try {
    parseRedisLockMetadata(properties);
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? err.field : String(err);
  }
}

describe('parseRedisLockMetadata()', () => {
  it('returns Dapr’s defaults when only redisHost is set', () => {
    expect(parseRedisLockMetadata({ redisHost: 'localhost:6379' })).toEqual<RedisLockMetadata>({
      host: 'localhost',
      port: 6379,
      username: undefined,
      password: undefined,
      db: 0,
      enableTLS: false,
      clientCert: undefined,
      clientKey: undefined,
      dialTimeoutMs: 5000,
      readTimeoutMs: 3000,
      maxRetries: 3,
      minRetryIntervalMs: 8,
      maxRetryIntervalMs: 512,
    });
  });

  it('reads every supported field, ignoring key case, and leaves keyPrefix to the runtime', () => {
    const md = parseRedisLockMetadata({
      REDISHOST: 'redis.example:6380',
      redisPassword: 'secret',
      redisUsername: 'dapr',
      redisdb: '2',
      enableTLS: 'true',
      failover: 'false',
      redisType: 'node',
      dialTimeout: '1m30s',
      readTimeout: '-1',
      redisMaxRetries: '-1',
      redisMinRetryInterval: '10ms',
      redisMaxRetryInterval: '-1',
      keyPrefix: 'none',
    });
    expect(md).toEqual<RedisLockMetadata>({
      host: 'redis.example',
      port: 6380,
      username: 'dapr',
      password: 'secret',
      db: 2,
      enableTLS: true,
      clientCert: undefined,
      clientKey: undefined,
      dialTimeoutMs: 90_000,
      readTimeoutMs: undefined,
      maxRetries: 0,
      minRetryIntervalMs: 10,
      maxRetryIntervalMs: 0,
    });
  });

  it.each([
    ['[::1]:7000', { host: '::1', port: 7000 }],
    ['redis', { host: 'redis', port: 6379 }],
    [' 10.0.0.1:1 ', { host: '10.0.0.1', port: 1 }],
  ])('parses redisHost %j', (redisHost, address) => {
    const md = parseRedisLockMetadata({ redisHost });
    expect({ host: md.host, port: md.port }).toEqual(address);
  });

  it.each<[string, Record<string, string>]>([
    ['redisHost', {}],
    ['redisHost', { redisHost: 'a:1,b:2' }],
    ['redisHost', { redisHost: 'host:99999' }],
    ['redisHost', { redisHost: 'host:port' }],
    ['failover', { redisHost: 'h:1', failover: 'true', sentinelMasterName: 'm' }],
    ['failover', { redisHost: 'h:1', failover: 'sometimes' }],
    ['redisType', { redisHost: 'h:1', redisType: 'cluster' }],
    ['redisType', { redisHost: 'h:1', redisType: 'ring' }],
    ['useEntraID', { redisHost: 'h:1', useEntraID: 'true' }],
    ['redisDB', { redisHost: 'h:1', redisDB: 'one' }],
    ['redisDB', { redisHost: 'h:1', redisDB: '-1' }],
    ['enableTLS', { redisHost: 'h:1', enableTLS: 'maybe' }],
    ['dialTimeout', { redisHost: 'h:1', dialTimeout: 'soon' }],
    ['readTimeout', { redisHost: 'h:1', readTimeout: '-3s' }],
    ['idleTimeout', { redisHost: 'h:1', idleTimeout: 'forever' }],
    ['poolSize', { redisHost: 'h:1', poolSize: 'ten' }],
    ['redisMaxRetries', { redisHost: 'h:1', redisMaxRetries: '-2' }],
    ['clientKey', { redisHost: 'h:1', enableTLS: 'true', clientCert: 'CERT' }],
    ['enableTLS', { redisHost: 'h:1', clientCert: 'CERT', clientKey: 'KEY' }],
  ])('throws a MetadataError naming %s', (field, properties) => {
    expect(failingField(properties)).toBe(field);
  });
});

describe('redisLockClientOptions()', () => {
  it('maps the node, auth, database, timeouts and TLS client certificate', () => {
    const options = redisLockClientOptions(
      parseRedisLockMetadata({ redisHost: 'r:6380', redisUsername: 'u', redisPassword: 'p', redisDB: '4', enableTLS: 'true', clientCert: 'CERT', clientKey: 'KEY', dialTimeout: '2s', readTimeout: '4s', redisMaxRetries: '5' }),
    );
    expect(options).toMatchObject({ host: 'r', port: 6380, username: 'u', password: 'p', db: 4, tls: { cert: 'CERT', key: 'KEY' }, connectTimeout: 2000, commandTimeout: 4000, maxRetriesPerRequest: 5, lazyConnect: true, autoResendUnfulfilledCommands: false });
  });

  it('omits commandTimeout and TLS when readTimeout is -1 and enableTLS is off', () => {
    const options = redisLockClientOptions(parseRedisLockMetadata({ redisHost: 'r:1', readTimeout: '-1' }));
    expect([options.commandTimeout, options.tls]).toEqual([undefined, undefined]);
  });

  it('backs off exponentially between the retry intervals', () => {
    const options = redisLockClientOptions(parseRedisLockMetadata({ redisHost: 'r:1' }));
    expect([1, 2, 3, 7, 8, 20].map((attempt) => options.retryStrategy?.(attempt))).toEqual([8, 16, 32, 512, 512, 512]);
  });
});

describe('describeAddress()', () => {
  it('brackets IPv6 hosts', () => {
    expect(describeAddress(parseRedisLockMetadata({ redisHost: '[::1]:7000' }))).toBe('[::1]:7000');
    expect(describeAddress(parseRedisLockMetadata({ redisHost: 'redis' }))).toBe('redis:6379');
  });
});

describe('testRedisProperties()', () => {
  it('prefers REDIS_URL, then REDIS_HOST, then 127.0.0.1:6379', () => {
    expect(testRedisProperties({ REDIS_URL: 'rediss://u:p%40ss@r.example:7000/2', REDIS_HOST: 'ignored:1' })).toEqual({ redisHost: 'r.example:7000', redisUsername: 'u', redisPassword: 'p@ss', redisDB: '2', enableTLS: 'true' });
    expect(testRedisProperties({ REDIS_HOST: 'other:6390' })).toEqual({ redisHost: 'other:6390' });
    expect(testRedisProperties({})).toEqual({ redisHost: '127.0.0.1:6379' });
  });
});
