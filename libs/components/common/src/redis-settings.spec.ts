import { isMetadataError } from './component-metadata';
import { MetadataReader } from './metadata-reader';
import { parseRedisAddresses, parseRedisSettings, type RedisSettings, type RedisSettingsOptions } from './redis-settings';

function parse(properties: Record<string, string>, options: Partial<RedisSettingsOptions> = {}): RedisSettings {
  return parseRedisSettings(new MetadataReader(properties), { component: 'test.redis', ...options });
}

/** `field: message` of the MetadataError parsing throws, or what happened instead. */
function errorOf(properties: Record<string, string>, options: Partial<RedisSettingsOptions> = {}): string {
  try {
    parse(properties, options);
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? `${err.field}: ${err.message}` : String(err);
  }
}

describe('parseRedisSettings()', () => {
  it('returns Dapr’s defaults when only redisHost is set', () => {
    expect(parse({ redisHost: 'localhost:6379' })).toEqual<RedisSettings>({
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
    });
  });

  it('reads every field, ignoring key case', () => {
    expect(
      parse({
        REDISHOST: 's1:26379, [::1]',
        failover: 'on',
        sentinelMasterName: ' mymaster ',
        sentinelUsername: 'su',
        sentinelPassword: 'sp',
        redisUsername: 'u',
        redisPassword: 'p',
        redisdb: '2',
        enableTLS: 'y',
        clientCert: 'CERT',
        clientKey: 'KEY',
        dialTimeout: '1m30s',
        readTimeout: '-1',
        redisMaxRetries: '5',
        redisMinRetryInterval: '-1',
        redisMaxRetryInterval: '2s',
      }),
    ).toEqual<RedisSettings>({
      addresses: [
        { host: 's1', port: 26379 },
        { host: '::1', port: 6379 },
      ],
      username: 'u',
      password: 'p',
      db: 2,
      enableTLS: true,
      clientCert: 'CERT',
      clientKey: 'KEY',
      sentinelMasterName: 'mymaster',
      sentinelUsername: 'su',
      sentinelPassword: 'sp',
      dialTimeoutMs: 90_000,
      readTimeoutMs: undefined,
      maxRetries: 5,
      minRetryIntervalMs: 0,
      maxRetryIntervalMs: 2000,
    });
  });

  it.each([
    ['0', 3],
    ['-1', 0],
    ['7', 7],
  ])('reads redisMaxRetries %j as go-redis does: %i retries', (redisMaxRetries, expected) => {
    expect(parse({ redisHost: 'h', redisMaxRetries }).maxRetries).toBe(expected);
  });

  it('reads 0 for dialTimeout and readTimeout as go-redis’s defaults, not as an instant timeout', () => {
    expect(parse({ redisHost: 'h', dialTimeout: '0s', readTimeout: '0' })).toMatchObject({ dialTimeoutMs: 5000, readTimeoutMs: 3000 });
  });

  it('ignores sentinelMasterName when failover is off', () => {
    expect(parse({ redisHost: 'h', sentinelMasterName: 'm' }).sentinelMasterName).toBeUndefined();
  });

  it.each([
    [{ dialTimeout: '2', readTimeout: '4', redisMinRetryInterval: '1', redisMaxRetryInterval: '3' }, { dialTimeoutMs: 2, readTimeoutMs: 4, minRetryIntervalMs: 1, maxRetryIntervalMs: 3 }],
    [{ dialTimeout: '2s', readTimeout: '-1' }, { dialTimeoutMs: 2000, readTimeoutMs: undefined }],
  ])('reads durations %j as Dapr does (bare numbers are milliseconds): %j', (properties, expected) => {
    expect(parse({ redisHost: 'h', ...properties })).toMatchObject(expected);
  });

  it('validates the pool and pub/sub fields it does not use, except the component’s own', () => {
    expect(() => parse({ redisHost: 'h', poolSize: '20', idleTimeout: '5m', idleCheckFrequency: '-1', redeliverInterval: '30s' })).not.toThrow();
    expect(errorOf({ redisHost: 'h', redeliverInterval: '1d' })).toBe('redeliverInterval: metadata field "redeliverInterval": "1d" is not a duration (e.g. 5s, 1m30s, PT5S)');
    expect(errorOf({ redisHost: 'h', redeliverInterval: '1d' }, { ownFields: ['redeliverInterval'] })).toBe('no error');
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'redisHost: metadata field "redisHost": is required'],
    [{ redisHost: 'h:99999' }, 'redisHost: metadata field "redisHost": "h:99999" is not a host:port address'],
    [{ redisHost: 'h:0' }, 'redisHost: metadata field "redisHost": "h:0" is not a host:port address'],
    [{ redisHost: 'host:port' }, 'redisHost: metadata field "redisHost": "host:port" is not a host:port address'],
    [{ redisHost: 'a,b' }, 'redisHost: metadata field "redisHost": lists several addresses, which only failover (Sentinel) mode accepts'],
    [{ redisHost: 'h', redisType: 'cluster' }, 'redisType: metadata field "redisType": Redis Cluster ("cluster") is not supported by test.redis here; use "node"'],
    [{ redisHost: 'h', redisType: 'Ring' }, 'redisType: metadata field "redisType": "ring" is not a Redis type (expected "node")'],
    [{ redisHost: 'h', useEntraID: 'true' }, 'useEntraID: metadata field "useEntraID": Microsoft Entra ID authentication is not supported by this runtime'],
    [{ redisHost: 'h', failover: 'sometimes' }, 'failover: metadata field "failover": "sometimes" is not a boolean (use true or false)'],
    [{ redisHost: 'h', failover: 'true' }, 'sentinelMasterName: metadata field "sentinelMasterName": is required when failover is true'],
    [{ redisHost: 'h', redisDB: '-1' }, 'redisDB: metadata field "redisDB": must be 0 or more; got -1'],
    [{ redisHost: 'h', redisDB: 'one' }, 'redisDB: metadata field "redisDB": "one" is not an integer'],
    [{ redisHost: 'h', enableTLS: 'maybe' }, 'enableTLS: metadata field "enableTLS": "maybe" is not a boolean (use true or false)'],
    [{ redisHost: 'h', clientCert: 'pem' }, 'clientKey: metadata field "clientKey": clientCert and clientKey must be set together'],
    [{ redisHost: 'h', clientKey: 'pem' }, 'clientCert: metadata field "clientCert": clientCert and clientKey must be set together'],
    [{ redisHost: 'h', clientCert: 'c', clientKey: 'k' }, 'enableTLS: metadata field "enableTLS": must be true when clientCert and clientKey are set'],
    [{ redisHost: 'h', dialTimeout: '-1' }, 'dialTimeout: metadata field "dialTimeout": cannot be disabled; use a positive duration'],
    [{ redisHost: 'h', dialTimeout: 'soon' }, 'dialTimeout: metadata field "dialTimeout": "soon" is not a duration (e.g. 5s, 1m30s, PT5S)'],
    [{ redisHost: 'h', readTimeout: '-3s' }, 'readTimeout: metadata field "readTimeout": must not be negative (use -1 to disable)'],
    [{ redisHost: 'h', redisMaxRetries: '-2' }, 'redisMaxRetries: metadata field "redisMaxRetries": must be -1 (no retries) or more; got -2'],
    [{ redisHost: 'h', poolSize: 'many' }, 'poolSize: metadata field "poolSize": "many" is not an integer'],
    [{ redisHost: 'h', idleTimeout: 'forever' }, 'idleTimeout: metadata field "idleTimeout": "forever" is not a duration (e.g. 5s, 1m30s, PT5S)'],
  ])('rejects %j naming the field', (properties, expected) => {
    expect(errorOf(properties)).toBe(expected);
  });

  it('names the component and its reason when it refuses Redis Cluster', () => {
    expect(errorOf({ redisHost: 'h', redisType: 'cluster' }, { component: 'configuration.redis', clusterReason: 'keyspace notifications are per shard' })).toBe(
      'redisType: metadata field "redisType": Redis Cluster ("cluster") is not supported by configuration.redis here: keyspace notifications are per shard; use "node"',
    );
  });

  describe('without allowFailover', () => {
    it.each<[Record<string, string>, string]>([
      [{ redisHost: 'h', failover: 'true', sentinelMasterName: 'm' }, 'failover: metadata field "failover": lock.redis does not support connecting to Redis with failover (Sentinel); use a standalone node'],
      [{ redisHost: 'a:1,b:2' }, 'redisHost: metadata field "redisHost": lists several addresses; lock.redis needs exactly one standalone node'],
    ])('rejects %j', (properties, expected) => {
      expect(errorOf(properties, { component: 'lock.redis', allowFailover: false })).toBe(expected);
    });

    it('accepts failover: false', () => {
      expect(parse({ redisHost: 'h', failover: 'false' }, { allowFailover: false }).addresses).toEqual([{ host: 'h', port: 6379 }]);
    });
  });
});

describe('parseRedisAddresses()', () => {
  it('reads host:port lists, bracketed IPv6 and the default port', () => {
    expect(parseRedisAddresses('[::1]:7000, example.org ,10.0.0.1:6380')).toEqual([
      { host: '::1', port: 7000 },
      { host: 'example.org', port: 6379 },
      { host: '10.0.0.1', port: 6380 },
    ]);
  });
});
