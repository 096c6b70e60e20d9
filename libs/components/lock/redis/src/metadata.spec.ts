import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RedisLockStore } from './redis-lock-store';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes lock.redis/v1 with redisHost as its only required field', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'lock', name: 'redis', version: 'v1' });
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['redisHost']);
  });

  it('lists exactly the capabilities features() returns', () => {
    const features = new RedisLockStore().features().map((feature) => String(feature).toLowerCase());
    expect([...(file.capabilities ?? [])].sort()).toEqual([...features].sort());
  });

  it('documents the Dapr fields users set most', () => {
    const names = file.metadata.map((field) => field.name);
    for (const name of ['redisHost', 'redisPassword', 'redisUsername', 'redisDB', 'enableTLS', 'failover', 'redisType', 'dialTimeout', 'readTimeout', 'keyPrefix']) {
      expect(names).toContain(name);
    }
  });
});
