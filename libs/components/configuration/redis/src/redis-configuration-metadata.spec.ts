import { isMetadataError } from '@dapr-ts/components-common';
import { missingKeyspaceFlags } from './keyspace-events';
import { parseRedisConfigurationMetadata } from './redis-configuration-metadata';
import { parseRedisConfigurationValue } from './redis-configuration-value';

function fieldOf(properties: Record<string, string>): string {
  try {
    parseRedisConfigurationMetadata(properties);
  } catch (err) {
    if (isMetadataError(err)) return `${err.field}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

describe('parseRedisConfigurationMetadata()', () => {
  it('applies Dapr defaults to a component with only redisHost', () => {
    expect(parseRedisConfigurationMetadata({ redisHost: 'localhost:6379' })).toEqual({
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

  it('reads names case-insensitively, durations, -1 and Sentinel addresses', () => {
    expect(
      parseRedisConfigurationMetadata({
        RedisHost: 'a:26379,[::1]:26380',
        failover: 'true',
        sentinelMasterName: 'mymaster',
        redisPassword: 'pw',
        REDISDB: '3',
        readTimeout: '-1',
        dialTimeout: '2s',
        redisMaxRetries: '-1',
        enableTLS: 'yes',
      }),
    ).toMatchObject({
      addresses: [
        { host: 'a', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      sentinelMasterName: 'mymaster',
      password: 'pw',
      db: 3,
      readTimeoutMs: undefined,
      dialTimeoutMs: 2000,
      maxRetries: 0,
      enableTLS: true,
    });
  });

  it('accepts the pool settings Dapr documents, validating their values', () => {
    expect(() => parseRedisConfigurationMetadata({ redisHost: 'h', poolSize: '20', idleTimeout: '5m', idleCheckFrequency: '-1' })).not.toThrow();
    expect(fieldOf({ redisHost: 'h', poolSize: 'many' })).toBe('poolSize: metadata field "poolSize": "many" is not an integer');
  });

  it.each([
    [{}, 'redisHost: metadata field "redisHost": is required'],
    [{ redisHost: 'h:99999' }, 'redisHost: metadata field "redisHost": "h:99999" is not a host:port address'],
    [{ redisHost: 'a,b' }, 'redisHost: metadata field "redisHost": lists several addresses, which only failover (Sentinel) mode accepts'],
    [{ redisHost: 'h', redisType: 'cluster' }, 'redisType: metadata field "redisType": Redis Cluster ("cluster") is not supported by configuration.redis here: keyspace notifications are per shard; use "node"'],
    [{ redisHost: 'h', failover: 'true' }, 'sentinelMasterName: metadata field "sentinelMasterName": is required when failover is true'],
    [{ redisHost: 'h', enableTLS: 'maybe' }, 'enableTLS: metadata field "enableTLS": "maybe" is not a boolean (use true or false)'],
    [{ redisHost: 'h', redisDB: '-1' }, 'redisDB: metadata field "redisDB": must be 0 or more; got -1'],
    [{ redisHost: 'h', clientCert: 'pem' }, 'clientKey: metadata field "clientKey": clientCert and clientKey must be set together'],
    [{ redisHost: 'h', useEntraID: 'true' }, 'useEntraID: metadata field "useEntraID": Microsoft Entra ID authentication is not supported by this runtime'],
    [{ redisHost: 'h', redishost: 'g' }, 'redishost: metadata field "redishost": collides with "redisHost" (metadata names are case-insensitive)'],
  ])('rejects %j naming the field', (properties, expected) => {
    expect(fieldOf(properties)).toBe(expected);
  });
});

describe('parseRedisConfigurationValue()', () => {
  it.each([
    ['v||1', { value: 'v', version: '1' }],
    ['plain', { value: 'plain', version: '' }],
    ['a||b||2', { value: 'a||b', version: '2' }],
    ['||', { value: '', version: '' }],
    ['', { value: '', version: '' }],
  ])('reads %j', (stored, expected) => {
    expect(parseRedisConfigurationValue(stored)).toEqual({ ...expected, metadata: {} });
  });
});

describe('missingKeyspaceFlags()', () => {
  it.each([
    ['', 'K$gxe'],
    ['KA', ''],
    ['AK', ''],
    ['A', 'K'],
    ['Ex', 'K$ge'],
    ['K$gxeE', ''],
  ])('needs %j to add %j', (current, missing) => {
    expect(missingKeyspaceFlags(current)).toBe(missing);
  });
});
