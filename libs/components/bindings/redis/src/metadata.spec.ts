import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RedisBinding } from './redis-binding';
import { parseRedisBindingMetadata } from './redis-binding-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes the output-only bindings.redis/v1 with the operations RedisBinding offers', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'redis', version: 'v1', binding: { input: false, output: true } });
    expect(file.binding?.operations.map(({ name }) => name)).toEqual([...new RedisBinding().operations()]);
  });

  it('lists only fields the parser accepts, redisHost required', () => {
    expect(file.metadata.filter(({ required }) => required).map(({ name }) => name)).toEqual(['redisHost']);
    for (const { name, default: fallback } of file.metadata) {
      if (fallback === undefined) continue;
      expect(() => parseRedisBindingMetadata({ redisHost: 'localhost:6379', [name]: fallback })).not.toThrow();
    }
  });
});

describe('parseRedisBindingMetadata', () => {
  it('decodes redisHost and Dapr defaults', () => {
    expect(parseRedisBindingMetadata({ redisHost: 'cache:6380', redisDB: '2' })).toMatchObject({ addresses: [{ host: 'cache', port: 6380 }], db: 2, dialTimeoutMs: 5000, readTimeoutMs: 3000 });
  });

  it.each([
    [{}, 'redisHost', 'metadata field "redisHost": is required'],
    [{ redisHost: 'h', redisDB: 'x' }, 'redisDB', 'metadata field "redisDB": "x" is not an integer'],
    [{ redisHost: 'h', enableTLS: 'ture' }, 'enableTLS', 'metadata field "enableTLS": "ture" is not a boolean (use true or false)'],
  ])('names the field in errors (%j)', (properties, field, message) => {
    expect(() => parseRedisBindingMetadata(properties)).toThrow(expect.objectContaining({ name: 'MetadataError', field, message }) as Error);
  });
});
