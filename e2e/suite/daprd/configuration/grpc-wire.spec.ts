import { credentials, status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { runtimeV1 } from '@dapr-ts/proto';
import type { DaprdProcess } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { startSidecar } from '../../../support/sidecar-pair';
import { redisBackend, uniqueConfigKey, type ConfigBackend } from './config-backends';

type Response = runtimeV1.SubscribeConfigurationResponse;

/** A subscription stream and everything it delivered, until it ended (and how). */
function record(stream: ClientReadableStream<Response>): { messages: Response[]; ended: () => string | undefined } {
  const messages: Response[] = [];
  let end: string | undefined;
  stream.on('data', (m: Response) => messages.push(m));
  stream.on('end', () => (end ??= 'end'));
  stream.on('error', (err: ServiceError) => (end = `error ${err.code}: ${err.details}`));
  return { messages, ended: () => end };
}

/** The gRPC configuration API on the wire: stable and Alpha1 methods, stream framing, stream end. */
describe('configuration over gRPC on the wire', () => {
  let redis: ConfigBackend;
  let daprd: DaprdProcess;
  let client: runtimeV1.DaprClient;

  beforeAll(async () => {
    redis = await redisBackend();
    daprd = await startSidecar({ appId: 'config-grpc', files: { 'redis.yaml': redis.component('redisstore') } });
    client = new runtimeV1.DaprClient(`127.0.0.1:${daprd.grpcPort}`, credentials.createInsecure());
  }, 60_000);
  afterAll(async () => {
    client?.close();
    await daprd?.cleanup();
    await redis?.close();
  });

  const unsubscribe = (id: string, alpha = false): Promise<runtimeV1.UnsubscribeConfigurationResponse> =>
    new Promise((resolve, reject) => (alpha ? client.unsubscribeConfigurationAlpha1.bind(client) : client.unsubscribeConfiguration.bind(client))({ storeName: 'redisstore', id }, (err, res) => (err ? reject(err) : resolve(res))));

  it.each([
    ['SubscribeConfiguration', false],
    ['SubscribeConfigurationAlpha1', true],
  ])('%s: sends the id first, then each change, and ends the stream when unsubscribed', async (_method, alpha) => {
    const key = uniqueConfigKey('stream');
    const request = { storeName: 'redisstore', keys: [key], metadata: {} };
    const stream = record(alpha ? client.subscribeConfigurationAlpha1(request) : client.subscribeConfiguration(request));
    await eventually('the first message', () => stream.messages.length > 0);
    const id = stream.messages[0]?.id ?? '';
    expect(stream.messages[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), items: {} });

    await redis.set(key, 'v', '5');
    await eventually('the change', () => stream.messages.length > 1);
    expect(stream.messages[1]).toEqual({ id, items: { [key]: { value: 'v', version: '5', metadata: {} } } });

    await expect(unsubscribe(id, alpha)).resolves.toEqual({ ok: true, message: '' });
    await eventually('the end of the stream', () => stream.ended() !== undefined);
    expect(stream.ended()).toBe('end');
  });

  it('UnsubscribeConfiguration answers ok: false (not an error) for an unknown id, as Dapr does', async () => {
    await expect(unsubscribe('no-such-id')).resolves.toEqual({ ok: false, message: 'failed to unsubscribe to configuration request no-such-id: subscription does not exist' });
  });

  it('GetConfigurationAlpha1 answers like GetConfiguration', async () => {
    const key = uniqueConfigKey('alpha');
    await redis.set(key, 'x', '1');
    const get = (alpha: boolean): Promise<runtimeV1.GetConfigurationResponse> =>
      new Promise((resolve, reject) => (alpha ? client.getConfigurationAlpha1.bind(client) : client.getConfiguration.bind(client))({ storeName: 'redisstore', keys: [key], metadata: {} }, (err, res) => (err ? reject(err) : resolve(res))));
    const expected = { items: { [key]: { value: 'x', version: '1', metadata: {} } } };
    await expect(Promise.all([get(false), get(true)])).resolves.toEqual([expected, expected]);
  });

  it('fails the stream with InvalidArgument for an unknown store', async () => {
    const stream = record(client.subscribeConfiguration({ storeName: 'nope', keys: [], metadata: {} }));
    await eventually('the end of the stream', () => stream.ended() !== undefined);
    expect([stream.ended(), stream.messages]).toEqual([`error ${status.INVALID_ARGUMENT}: configuration store nope not found`, []]);
  });
});
