import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RedisStateStore } from './redis-state-store';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes state.redis/v1 with redisHost as its only required field', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'state', name: 'redis', version: 'v1' });
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['redisHost']);
  });

  it('lists the capabilities features() returns, plus actorStateStore', () => {
    const features = new RedisStateStore().features().map((feature) => feature.toLowerCase());
    const listed = (file.capabilities ?? []).filter((capability) => capability !== 'actorStateStore');
    expect([...listed].sort()).toEqual([...features].sort());
    expect(file.capabilities).toContain('actorStateStore');
  });

  it('documents the Dapr fields users set most', () => {
    const names = file.metadata.map((field) => field.name);
    for (const name of ['redisHost', 'redisPassword', 'redisUsername', 'redisDB', 'enableTLS', 'failover', 'sentinelMasterName', 'dialTimeout', 'readTimeout', 'ttlInSeconds', 'actorStateStore']) {
      expect(names).toContain(name);
    }
  });
});
