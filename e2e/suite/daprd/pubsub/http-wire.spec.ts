import type { DaprdProcess } from '@dapr-ts/testing';
import { PubSubResources, eventually } from '../../../support/pubsub-resources';
import { RecordingApp, sidecarFor } from '../../../support/recording-app';

const declarative = `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: order-sub
spec:
  pubsubname: pubsub
  topic: declared
  routes:
    rules:
    - match: event.type == "urgent"
      path: /declared/urgent
    default: /declared
scopes:
- wire-app
`;

const v1Raw = `apiVersion: dapr.io/v1alpha1
kind: Subscription
metadata:
  name: raw-sub
spec:
  pubsubname: pubsub
  topic: raw
  route: /raw
  metadata:
    rawPayload: "true"
`;

const otherAppOnly = `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: not-mine
spec:
  pubsubname: pubsub
  topic: elsewhere
  routes:
    default: /elsewhere
scopes:
- another-app
`;

const resiliency = `apiVersion: dapr.io/v1alpha1
kind: Resiliency
metadata:
  name: myresiliency
spec:
  policies:
    retries:
      pubsubRetry:
        policy: constant
        duration: 50ms
        maxRetries: 2
  targets:
    components:
      pubsub:
        inbound:
          retry: pubsubRetry
`;

describe('pub/sub over HTTP on the wire', () => {
  const app = new RecordingApp();
  let daprd: DaprdProcess;
  const publish = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`http://127.0.0.1:${daprd.httpPort}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  beforeAll(async () => {
    await app.listen();
    app.reply = (req) => {
      if (req.method === 'GET' && req.path === '/dapr/subscribe') {
        return {
          status: 200,
          body: [
            { pubsubname: 'pubsub', topic: 'programmatic', route: '/programmatic' },
            { pubsubname: 'pubsub', topic: 'gone', route: '/gone' },
            { pubsubname: 'pubsub', topic: 'exhaust', route: '/exhaust', deadLetterTopic: 'exhaust-dlq' },
            { pubsubname: 'pubsub', topic: 'exhaust-dlq', route: '/exhaust-dlq' },
          ],
        };
      }
      if (req.path === '/gone') return { status: 404 };
      if (req.path === '/exhaust') return { status: 200, body: { status: 'RETRY' } };
      return { status: 200, body: { status: 'SUCCESS' } };
    };
    daprd = await sidecarFor(app, 'wire-app', { ...PubSubResources, 'sub.yaml': declarative, 'raw.yaml': v1Raw, 'other.yaml': otherAppOnly, 'resiliency.yaml': resiliency });
  });
  afterAll(async () => {
    await daprd?.cleanup();
    await app.close();
  });

  it('delivers the CloudEvent envelope Dapr builds', async () => {
    const res = await publish('/v1.0/publish/pubsub/programmatic?metadata.custom=1', '{"orderId":42}', { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(res.status).toBe(204);
    await eventually('the delivery', () => app.to('/programmatic').length === 1);
    const delivery = app.to('/programmatic')[0];
    expect(delivery?.headers['content-type']).toBe('application/cloudevents+json');
    expect(delivery?.headers['traceparent']).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(JSON.parse(delivery?.body ?? '')).toEqual({
      id: expect.any(String),
      source: 'wire-app',
      type: 'com.dapr.event.sent',
      specversion: '1.0',
      datacontenttype: 'application/json',
      data: { orderId: 42 },
      topic: 'programmatic',
      pubsubname: 'pubsub',
      traceid: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: '',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('completes a caller-supplied CloudEvent instead of replacing it', async () => {
    const res = await publish('/v1.0/publish/pubsub/programmatic', JSON.stringify({ id: 'my-id', source: 'mine', type: 'my.type', specversion: '1.0', data: 'x' }), { 'content-type': 'application/cloudevents+json' });
    expect(res.status).toBe(204);
    await eventually('the delivery', () => app.to('/programmatic').some((r) => r.body.includes('my-id')));
    const event = JSON.parse(app.to('/programmatic').find((r) => r.body.includes('my-id'))?.body ?? '{}') as Record<string, unknown>;
    expect([event['id'], event['source'], event['type'], event['data'], event['topic'], event['pubsubname']]).toEqual(['my-id', 'mine', 'my.type', 'x', 'programmatic', 'pubsub']);
  });

  it('routes declarative v2alpha1 subscriptions by their rules', async () => {
    await publish('/v1.0/publish/pubsub/declared', JSON.stringify({ id: 'u1', source: 's', type: 'urgent', specversion: '1.0' }), { 'content-type': 'application/cloudevents+json' });
    await publish('/v1.0/publish/pubsub/declared', '"plain"');
    await eventually('both declared deliveries', () => app.to('/declared/urgent').length === 1 && app.to('/declared').length === 1);
  });

  it('wraps raw payloads for a rawPayload subscription', async () => {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/raw?metadata.rawPayload=true`, { method: 'POST', body: 'not json at all', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(204);
    await eventually('the raw delivery', () => app.to('/raw').length === 1);
    const event = JSON.parse(app.to('/raw')[0]?.body ?? '{}') as Record<string, unknown>;
    expect([event['datacontenttype'], Buffer.from(String(event['data_base64']), 'base64').toString()]).toEqual(['application/octet-stream', 'not json at all']);
  });

  it('does not subscribe to a declarative subscription scoped to another app', async () => {
    await publish('/v1.0/publish/pubsub/elsewhere', '{}');
    await publish('/v1.0/publish/pubsub/programmatic', '{"marker":"after-elsewhere"}');
    await eventually('the marker', () => app.to('/programmatic').some((r) => r.body.includes('after-elsewhere')));
    expect(app.to('/elsewhere')).toEqual([]);
  });

  it('drops a message the app answers 404 for, without redelivering it', async () => {
    await publish('/v1.0/publish/pubsub/gone', '{"x":1}');
    await eventually('the 404 delivery', () => app.to('/gone').length === 1);
    await publish('/v1.0/publish/pubsub/programmatic', '{"marker":"after-gone"}');
    await eventually('the marker', () => app.to('/programmatic').some((r) => r.body.includes('after-gone')));
    await new Promise((r) => setTimeout(r, 500));
    expect(app.to('/gone')).toHaveLength(1);
  });

  it('retries per the Resiliency policy, then dead-letters the exhausted message', async () => {
    await publish('/v1.0/publish/pubsub/exhaust', '{"try":"hard"}');
    await eventually('the dead letter', () => app.to('/exhaust-dlq').length === 1);
    expect(app.to('/exhaust')).toHaveLength(3);
    expect(JSON.parse(app.to('/exhaust-dlq')[0]?.body ?? '{}').data).toEqual({ try: 'hard' });
  });

  it('lists running subscriptions in the metadata API', async () => {
    const body = (await (await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/metadata`)).json()) as { subscriptions: { topic: string; type: string; rules: { match: string; path: string }[] }[] };
    const byTopic = Object.fromEntries(body.subscriptions.map((s) => [s.topic, s]));
    expect(byTopic['declared']).toEqual(expect.objectContaining({ type: 'DECLARATIVE', rules: [{ match: 'event.type == "urgent"', path: 'declared/urgent' }, { match: '', path: 'declared' }] }));
    expect(byTopic['programmatic']).toEqual(expect.objectContaining({ type: 'PROGRAMMATIC' }));
    expect(byTopic['elsewhere']).toBeUndefined();
  });

  it.each([
    ['an unknown pub/sub', '/v1.0/publish/nope/orders', '{}', 404, 'ERR_PUBSUB_NOT_FOUND'],
    ['a bulk body that is not an array', '/v1.0-alpha1/publish/bulk/pubsub/orders', '{"a":1}', 400, 'ERR_PUBSUB_EVENTS_SER'],
    ['a bulk body that is not JSON', '/v1.0-alpha1/publish/bulk/pubsub/orders', '[{', 400, 'ERR_PUBSUB_EVENTS_SER'],
    ['duplicate bulk entry ids', '/v1.0-alpha1/publish/bulk/pubsub/orders', '[{"entryId":"1","event":"a","contentType":"text/plain"},{"entryId":"1","event":"b","contentType":"text/plain"}]', 400, 'ERR_PUBSUB_EVENTS_SER'],
    ['a bad ttlInSeconds', '/v1.0/publish/pubsub/orders?metadata.ttlInSeconds=soon', '{}', 400, 'ERR_PUBSUB_REQUEST_METADATA'],
    ['a malformed CloudEvent', '/v1.0/publish/pubsub/orders', '{oops', 400, 'ERR_PUBSUB_CLOUD_EVENTS_SER'],
  ])('refuses %s', async (what, path, body, status, errorCode) => {
    const headers: Record<string, string> = what === 'a malformed CloudEvent' ? { 'content-type': 'application/cloudevents+json' } : {};
    const res = await publish(path, body, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe(errorCode);
  });
});
