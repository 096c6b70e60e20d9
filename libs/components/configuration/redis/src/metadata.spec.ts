import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RedisConfigurationStore } from './redis-configuration-store';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes configuration.redis/v1 with redisHost as its only required field', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'configuration', name: 'redis', version: 'v1' });
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['redisHost']);
  });

  it('lists exactly the capabilities features() returns', () => {
    const features = new RedisConfigurationStore().features().map((feature) => String(feature).toLowerCase());
    expect([...(file.capabilities ?? [])].sort()).toEqual([...features].sort());
  });

  it('documents the Dapr fields users set most', () => {
    const names = file.metadata.map((field) => field.name);
    for (const name of ['redisHost', 'redisPassword', 'redisUsername', 'redisDB', 'enableTLS', 'failover', 'sentinelMasterName', 'redisType', 'dialTimeout', 'readTimeout']) {
      expect(names).toContain(name);
    }
  });
});
