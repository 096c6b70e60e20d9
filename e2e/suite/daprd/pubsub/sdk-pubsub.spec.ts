import { DaprPubSubStatusEnum, type DaprClient } from '@dapr/dapr';
import { tempDir } from '@dapr-ts/testing';
import { PubSubResources, eventually } from '../../../support/pubsub-resources';
import { Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';

describe.each(Protocols)('pub/sub with the official SDK over %s', (name, protocol) => {
  let app: Awaited<ReturnType<typeof appWithSidecar>>;
  let client: DaprClient;
  const received: Record<string, unknown[]> = { orders: [], high: [], low: [], flaky: [], dead: [], bulk: [] };
  const flakyAttempts = new Map<number, number>();

  beforeAll(async () => {
    app = await appWithSidecar({ appId: `pubsub-${name.toLowerCase()}`, protocol, registryDir: tempDir('dapr-registry-'), files: PubSubResources });
    const { server } = app;
    await server.pubsub.subscribe('pubsub', 'orders', async (data) => {
      received['orders']?.push(data);
    });
    await server.pubsub.subscribeWithOptions('pubsub', 'routed', {
      route: { rules: [{ match: 'event.data.priority == "high"', path: 'high' }], default: 'low' },
    });
    server.pubsub.subscribeToRoute('pubsub', 'routed', 'high', async (data) => {
      received['high']?.push(data);
    });
    server.pubsub.subscribeToRoute('pubsub', 'routed', 'low', async (data) => {
      received['low']?.push(data);
    });
    // Fails the first two deliveries of every message and every fifth one after that.
    await server.pubsub.subscribe('pubsub', 'flaky', async (data: { n: number }) => {
      const attempt = (flakyAttempts.get(data.n) ?? 0) + 1;
      flakyAttempts.set(data.n, attempt);
      if (attempt <= 2 || attempt % 5 === 0) return DaprPubSubStatusEnum.RETRY;
      received['flaky']?.push(data.n);
      return DaprPubSubStatusEnum.SUCCESS;
    });
    // As Dapr's docs say, the dead-letter topic needs a subscription of its own.
    await server.pubsub.subscribeWithOptions('pubsub', 'poison', { callback: async () => DaprPubSubStatusEnum.DROP, deadLetterTopic: 'poison-dlq' });
    await server.pubsub.subscribe('pubsub', 'poison-dlq', async (data) => {
      received['dead']?.push(data);
    });
    await server.pubsub.subscribeBulk('pubsub', 'bulk', async (data) => {
      received['bulk']?.push(data);
    }, { maxMessagesCount: 10, maxAwaitDurationMs: 200 });
    await app.start();
    client = clientFor(app.daprd, protocol);
    await client.start();
  });
  afterAll(async () => {
    await client?.stop();
    await app?.stop();
  });

  it('delivers a published JSON object to the subscriber', async () => {
    expect(await client.pubsub.publish('pubsub', 'orders', { orderId: 1 })).toEqual({ error: undefined });
    await client.pubsub.publish('pubsub', 'orders', { orderId: 2 });
    await eventually('two orders', () => received['orders']?.length === 2);
    expect(received['orders']).toEqual(expect.arrayContaining([{ orderId: 1 }, { orderId: 2 }]));
  });

  it('routes by CEL rules, first match wins, else the default', async () => {
    await client.pubsub.publish('pubsub', 'routed', { priority: 'high', id: 'a' });
    await client.pubsub.publish('pubsub', 'routed', { priority: 'low', id: 'b' });
    await eventually('both routed events', () => received['high']?.length === 1 && received['low']?.length === 1);
    expect([received['high'], received['low']]).toEqual([[{ priority: 'high', id: 'a' }], [{ priority: 'low', id: 'b' }]]);
  });

  it('redelivers until a flaky subscriber has taken every message', async () => {
    for (let n = 0; n < 10; n++) await client.pubsub.publish('pubsub', 'flaky', { n });
    await eventually('all ten flaky messages', () => new Set(received['flaky']).size === 10, 45_000);
    expect([...new Set(received['flaky'] as number[])].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 60_000);

  it('sends a dropped message to the dead-letter topic', async () => {
    await client.pubsub.publish('pubsub', 'poison', { bad: true });
    await eventually('the dead-lettered message', () => received['dead']?.length === 1);
    expect(received['dead']).toEqual([{ bad: true }]);
  });

  it('bulk-publishes and bulk-delivers every entry', async () => {
    const result = await client.pubsub.publishBulk('pubsub', 'bulk', [{ k: 1 }, { k: 2 }, { k: 3 }]);
    expect(result.failedMessages).toEqual([]);
    await eventually('three bulk entries', () => flatten(received['bulk']).length === 3);
    expect(flatten(received['bulk']).sort((a, b) => a.k - b.k)).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }]);
  });

  it('reports an unknown pub/sub as an error', async () => {
    // The HTTP client returns `{error}`; the gRPC client rejects with it.
    const result = (await client.pubsub.publish('nope', 'orders', { x: 1 }).catch((err: unknown) => err)) as { error?: Error };
    expect(String(result.error)).toContain('pubsub nope is not found');
  });
});

/** Bulk callbacks get either one entry's data or an array of them, depending on protocol. */
function flatten(items: unknown[] | undefined): { k: number }[] {
  return (items ?? []).flatMap((item) => (Array.isArray(item) ? item : [item])).map((item) => (item as { data?: unknown }).data ?? item) as { k: number }[];
}
