import { readComponentMetadataFile, runMetadataFileConformance } from '@dapr-ts/conformance';
import { RedisStateStore } from './redis-state-store';

runMetadataFileConformance({ specDir: __dirname, type: 'state', name: 'redis', required: ['redisHost'], features: new RedisStateStore().features(), extraCapabilities: ['actorStateStore'] });

describe('metadata.yaml fields', () => {
  const file = readComponentMetadataFile(__dirname);

  it('documents the Dapr fields users set most', () => {
    const names = file.metadata.map((field) => field.name);
    for (const name of ['redisHost', 'redisPassword', 'redisUsername', 'redisDB', 'enableTLS', 'failover', 'sentinelMasterName', 'dialTimeout', 'readTimeout', 'ttlInSeconds', 'actorStateStore']) {
      expect(names).toContain(name);
    }
  });
});
