import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RedisStreamsPubSub } from './redis-streams-pubsub';
import { parseRedisStreamsPubSubMetadata } from './redis-streams-pubsub-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes pubsub.redis/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'pubsub', name: 'redis', version: 'v1' });
  });

  it('lists the capabilities features() returns, lower-cased', () => {
    expect(file.capabilities).toEqual(new RedisStreamsPubSub().features().map((feature) => feature.toLowerCase()));
  });

  it('requires redisHost only', () => {
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['redisHost']);
  });

  it('states defaults that parse to what the component uses without them', () => {
    const defaults = Object.fromEntries(file.metadata.flatMap(({ name, default: fallback }) => (fallback === undefined ? [] : [[name, fallback]])));
    expect(parseRedisStreamsPubSubMetadata({ redisHost: 'h:1', ...defaults })).toEqual(parseRedisStreamsPubSubMetadata({ redisHost: 'h:1' }));
  });

  it('documents every field the parser reads', () => {
    const documented = new Set(file.metadata.map((field) => field.name));
    // Each documented field must exist in the parser: a bad value for it raises a MetadataError naming it.
    const numeric = ['redisDB', 'queueDepth', 'concurrency', 'maxLenApprox', 'redisMaxRetries', 'poolSize', 'minIdleConns'];
    const durations = ['redeliverInterval', 'processingTimeout', 'streamTTL', 'redisMinRetryInterval', 'redisMaxRetryInterval', 'dialTimeout', 'readTimeout', 'writeTimeout', 'poolTimeout', 'maxConnAge', 'idleCheckFrequency', 'idleTimeout'];
    const rejected = [...numeric, ...durations].filter((name) => {
      try {
        parseRedisStreamsPubSubMetadata({ redisHost: 'h:1', [name]: 'bogus' });
        return false;
      } catch (err) {
        return (err as { field?: string }).field === name;
      }
    });
    expect(rejected).toEqual([...numeric, ...durations]);
    expect([...numeric, ...durations].filter((name) => !documented.has(name))).toEqual([]);
  });
});
