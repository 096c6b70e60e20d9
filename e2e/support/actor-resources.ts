import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { tempDirWith, testRedisProperties } from '@dapr-ts/testing';

const component = (type: string, metadata: Record<string, string>): string =>
  [
    'apiVersion: dapr.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: statestore',
    'spec:',
    `  type: ${type}`,
    '  version: v1',
    '  metadata:',
    ...Object.entries({ ...metadata, actorStateStore: 'true' }).flatMap(([name, value]) => [`  - name: ${name}`, `    value: ${JSON.stringify(value)}`]),
    '',
  ].join('\n');

/** A resources folder with an in-memory actor state store: enough for one sidecar that never restarts. */
export function inMemoryActorResources(): string {
  return tempDirWith({ 'statestore.yaml': component('state.in-memory', {}) }, 'dapr-actors-');
}

/**
 * A resources folder with the Redis actor state store (local Redis, `REDIS_HOST`/`REDIS_URL`
 * override): needed whenever state or reminders must outlive a sidecar or be shared by several.
 */
export function redisActorResources(): string {
  return tempDirWith({ 'statestore.yaml': component('state.redis', testRedisProperties()) }, 'dapr-actors-');
}

/** Where Redis is, for failure messages. */
export function redisDescription(): string {
  return testRedisProperties().redisHost ?? 'redis';
}

/** A short random suffix, so runs sharing one Redis never see each other's actors. */
export function runSuffix(): string {
  return randomUUID().slice(0, 8);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires any[] for a mixin base.
type Constructor = new (...args: any[]) => object;

/**
 * A subclass of `base` whose name is `name`. The SDK uses the class name as the actor type (both
 * when hosting and in ActorProxyBuilder), so this gives every run its own actor type.
 */
export function namedActorClass<T extends Constructor>(base: T, name: string): T {
  const renamed = class extends base {};
  Object.defineProperty(renamed, 'name', { value: name });
  return renamed;
}

/**
 * Deletes what a run left in the test Redis for one actor type: its state
 * (`<app-id>||<type>||<id>||<key>`) and its reminders (`actors||<type>||...`).
 */
export async function deleteActorKeys(actorType: string): Promise<void> {
  const props = testRedisProperties();
  const [host = '127.0.0.1', port = '6379'] = (props['redisHost'] ?? '').split(':');
  const redis = new Redis({
    host,
    port: Number(port),
    db: Number(props['redisDB'] ?? 0),
    ...(props['redisUsername'] ? { username: props['redisUsername'] } : {}),
    ...(props['redisPassword'] ? { password: props['redisPassword'] } : {}),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*||${actorType}||*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
