import { CommunicationProtocolEnum, type DaprClient } from '@dapr/dapr';
import type { DaprdProcess } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { clientFor, startSidecar } from '../../../support/sidecar-pair';
import { postgresBackend, redisBackend, uniqueConfigKey, type ConfigBackend } from './config-backends';

type Items = Record<string, { key: string; value: string; version: string; metadata: Record<string, string> }>;

/**
 * The official SDK's configuration API. It speaks gRPC only (its HTTP client throws "not supported"
 * before sending anything), so HTTP is covered on the wire in http-wire.spec.ts.
 */
describe.each([
  ['configuration.redis', redisBackend],
  ['configuration.postgresql', postgresBackend],
])('configuration with the official SDK over gRPC: %s', (_name, open) => {
  let backend: ConfigBackend;
  let daprd: DaprdProcess;
  let client: DaprClient;

  beforeAll(async () => {
    backend = await open();
    daprd = await startSidecar({ appId: 'config-sdk', files: { 'configstore.yaml': backend.component('configstore') } });
    client = clientFor(daprd, CommunicationProtocolEnum.GRPC);
    await client.start();
  }, 60_000);
  afterAll(async () => {
    await client?.stop();
    await daprd?.cleanup();
    await backend?.close();
  });

  /** Subscribes through the SDK, recording every update it hands over. */
  const subscribe = async (keys: string[]): Promise<{ updates: Items[]; stop: () => void | Promise<void> }> => {
    const updates: Items[] = [];
    const { stop } = await client.configuration.subscribeWithMetadata('configstore', keys, backend.subscribeMetadata, async (config) => {
      updates.push(config.items as Items);
    });
    return { updates, stop };
  };

  it('gets the items written to the store, with values and versions', async () => {
    const [a, b, missing] = [uniqueConfigKey('get-a'), uniqueConfigKey('get-b'), uniqueConfigKey('missing')];
    await backend.set(a, 'blue', 'v1');
    await backend.set(b, 'green', 'v7');
    expect(await client.configuration.get('configstore', [a, b, missing])).toEqual({
      items: { [a]: { key: a, value: 'blue', version: 'v1', metadata: {} }, [b]: { key: b, value: 'green', version: 'v7', metadata: {} } },
    });
    const all = (await client.configuration.get('configstore', [])).items as Items;
    expect([all[a]?.value, all[b]?.value]).toEqual(['blue', 'green']);
  });

  /**
   * The SDK's subscribe() returns before daprd has the subscription in place (it opens the stream
   * in the background), so a change made at once may come too early: write until one is seen.
   */
  const writeUntilSeen = async (key: string, label: string, updates: Items[]): Promise<Items> => {
    let n = 0;
    let lastWrite = 0;
    const seen = (): Items | undefined => updates.find((items) => items[key]?.value.startsWith(label));
    await eventually(`an update ${label} of ${key}`, () => {
      if (!seen() && Date.now() - lastWrite >= 200) {
        lastWrite = Date.now();
        void backend.set(key, `${label}-${++n}`, String(n));
      }
      return seen() !== undefined;
    }, 20_000);
    return seen() as Items;
  };

  it('hands a subscriber each change made directly in the store, and nothing after stop()', async () => {
    const key = uniqueConfigKey('watched');
    const stopped = await subscribe([key]);
    const first = await writeUntilSeen(key, 'first', stopped.updates);
    expect(first[key]).toEqual({ key, value: expect.stringMatching(/^first-\d+$/), version: expect.stringMatching(/^\d+$/), metadata: {} });
    await stopped.stop();
    const count = stopped.updates.length;

    // A second subscription proves the next change was sent out, so the stopped one had its chance.
    const running = await subscribe([key]);
    await writeUntilSeen(key, 'second', running.updates);
    expect(stopped.updates).toHaveLength(count);
    await running.stop();
  });

  it('rejects an unknown store with Dapr’s message', async () => {
    await expect(client.configuration.get('nope', ['a'])).rejects.toThrow('configuration store nope not found');
  });
});
