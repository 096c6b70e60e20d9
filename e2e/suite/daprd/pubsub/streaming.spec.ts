import { credentials } from '@grpc/grpc-js';
import { runtimeV1 } from '@dapr-ts/proto';
import type { DaprdProcess } from '@dapr-ts/testing';
import { PubSubResources, eventually } from '../../../support/pubsub-resources';
import { startSidecar } from '../../../support/sidecar-pair';

type Stream = ReturnType<runtimeV1.DaprClient['subscribeTopicEventsAlpha1']>;

describe('streaming subscriptions (SubscribeTopicEventsAlpha1)', () => {
  let daprd: DaprdProcess;
  let client: runtimeV1.DaprClient;

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'streaming-app', files: PubSubResources });
    client = new runtimeV1.DaprClient(`127.0.0.1:${daprd.grpcPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await daprd?.cleanup();
  });

  const publish = (topic: string, data: unknown): Promise<Response> =>
    fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/${topic}`, { method: 'POST', body: JSON.stringify(data), headers: { 'content-type': 'application/json' } });

  function open(topic: string, onEvent: (event: runtimeV1.TopicEventRequest, stream: Stream) => void): { stream: Stream; ready: Promise<void> } {
    const stream = client.subscribeTopicEventsAlpha1();
    const ready = new Promise<void>((resolve, reject) => {
      stream.on('data', (message: runtimeV1.SubscribeTopicEventsResponseAlpha1) => {
        if (message.initialResponse) resolve();
        if (message.eventMessage) onEvent(message.eventMessage, stream);
      });
      stream.on('error', reject);
    });
    stream.write({ initialRequest: { pubsubName: 'pubsub', topic, metadata: {} } });
    return { stream, ready };
  }

  it('streams events to the client and redelivers one it answered RETRY for', async () => {
    const seen: string[] = [];
    let first = true;
    const { stream, ready } = open('streamed', (event, s) => {
      seen.push(event.data.toString());
      const status = first ? runtimeV1.TopicEventResponse_TopicEventResponseStatus.RETRY : runtimeV1.TopicEventResponse_TopicEventResponseStatus.SUCCESS;
      first = false;
      s.write({ eventProcessed: { id: event.id, status: { status } } });
    });
    await ready;
    expect((await publish('streamed', { n: 1 })).status).toBe(204);
    await eventually('the redelivery', () => seen.length === 2);
    expect(seen).toEqual(['{"n":1}', '{"n":1}']);
    stream.end();
  });

  it('refuses an unknown pub/sub', async () => {
    const stream = client.subscribeTopicEventsAlpha1();
    const error = await new Promise<{ code?: number; details?: string }>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
      stream.write({ initialRequest: { pubsubName: 'nope', topic: 't', metadata: {} } });
    });
    expect([error.code, error.details]).toEqual([3, 'pubsub nope is not found']);
  });

  it('refuses a second subscription to the same topic while the first is open', async () => {
    const first = open('exclusive', () => undefined);
    await first.ready;
    const second = open('exclusive', () => undefined);
    await expect(second.ready).rejects.toMatchObject({ code: 3 });
    first.stream.end();
  });
});
