import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpAppChannel } from '@dapr-ts/daprd-invocation';
import { nopLogger } from '@dapr-ts/logger';
import { TopicEventStatus } from './app-callbacks';
import { HttpAppCallbacks } from './http-app-callbacks';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('HttpAppCallbacks', () => {
  let server: Server;
  let channel: HttpAppChannel;
  let callbacks: HttpAppCallbacks;
  let seen: Seen[];
  let answer: (req: Seen) => { status: number; body?: string };
  const signal = new AbortController().signal;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        seen.push(request);
        const reply = answer(request);
        res.writeHead(reply.status, reply.body ? { 'content-type': 'application/json' } : {});
        res.end(reply.body ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    channel = new HttpAppChannel({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: false, maxConcurrency: -1, appApiToken: 'app-token' });
    callbacks = new HttpAppCallbacks({ channel, logger: nopLogger() });
  });
  beforeEach(() => {
    seen = [];
    answer = () => ({ status: 200 });
  });
  afterAll(async () => {
    await channel.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const event = { pubsubName: 'pubsub', topic: 'orders', path: 'orders/new', cloudEvent: { id: '1', data: { a: 1 }, traceparent: 'tp' }, metadata: { 'x-broker': 'b', 'bad header': 'dropped' } };

  describe('.onTopicEvent()', () => {
    it('POSTs the CloudEvent with Dapr headers to the route path', async () => {
      await callbacks.onTopicEvent(event, signal);
      expect(seen[0]).toMatchObject({ method: 'POST', url: '/orders/new', body: JSON.stringify(event.cloudEvent) });
      expect([seen[0]?.headers['content-type'], seen[0]?.headers['x-broker'], seen[0]?.headers['traceparent'], seen[0]?.headers['dapr-api-token'], seen[0]?.headers['bad header']]).toEqual([
        'application/cloudevents+json',
        'b',
        'tp',
        'app-token',
        undefined,
      ]);
    });

    it.each([
      ['an empty 200', 200, undefined, TopicEventStatus.Success],
      ['a body that is not JSON', 200, 'ok', TopicEventStatus.Success],
      ['SUCCESS', 200, '{"status":"SUCCESS"}', TopicEventStatus.Success],
      ['RETRY', 200, '{"status":"RETRY"}', TopicEventStatus.Retry],
      ['DROP', 200, '{"status":"DROP"}', TopicEventStatus.Drop],
      ['an unknown status', 200, '{"status":"MAYBE"}', TopicEventStatus.Retry],
      ['a 404', 404, undefined, TopicEventStatus.Drop],
    ])('reads %s as %s', async (_what, status, body, expected) => {
      answer = () => ({ status, ...(body ? { body } : {}) });
      expect(await callbacks.onTopicEvent(event, signal)).toBe(expected);
    });

    it('throws (retry) on any other status', async () => {
      answer = () => ({ status: 503 });
      await expect(callbacks.onTopicEvent(event, signal)).rejects.toThrow('the app answered 503 for topic orders (orders/new)');
    });
  });

  describe('.onBulkTopicEvent()', () => {
    const bulk = {
      id: 'b1',
      pubsubName: 'pubsub',
      topic: 'orders',
      path: 'bulk',
      metadata: {},
      entries: [
        { entryId: 'e1', event: { id: '1', data: 1 }, contentType: 'application/cloudevents+json', metadata: {} },
        { entryId: 'e2', event: Buffer.from('raw'), contentType: 'application/octet-stream', metadata: {} },
      ],
    };

    it('sends the bulk envelope and treats an entry without an answer as RETRY', async () => {
      answer = () => ({ status: 200, body: '{"statuses":[{"entryId":"e1","status":"SUCCESS"}]}' });
      const statuses = await callbacks.onBulkTopicEvent(bulk, signal);
      expect([...statuses]).toEqual([['e1', 'SUCCESS']]);
      expect(statuses.get('e2') ?? TopicEventStatus.Retry).toBe(TopicEventStatus.Retry);
      expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({
        id: 'b1',
        type: 'com.dapr.event.sent.bulk',
        topic: 'orders',
        pubsubname: 'pubsub',
        metadata: {},
        entries: [
          { entryId: 'e1', event: { id: '1', data: 1 }, contentType: 'application/cloudevents+json', metadata: {} },
          { entryId: 'e2', event: 'cmF3', contentType: 'application/octet-stream', metadata: {} },
        ],
      });
    });

    it('drops every entry on a 404', async () => {
      answer = () => ({ status: 404 });
      expect([...(await callbacks.onBulkTopicEvent(bulk, signal)).values()]).toEqual(['DROP', 'DROP']);
    });
  });

  describe('.listInputBindings()', () => {
    it('keeps the bindings whose OPTIONS probe is not answered 404', async () => {
      answer = (req) => ({ status: req.url === '/nope' ? 404 : req.url === '/fussy' ? 405 : 200 });
      const names = await callbacks.listInputBindings(
        [
          { name: 'cron', route: 'cron' },
          { name: 'nope', route: 'nope' },
          { name: 'fussy', route: 'fussy' },
        ],
        signal,
      );
      expect([...names].sort()).toEqual(['cron', 'fussy']);
      expect(seen.map((r) => r.method)).toEqual(['OPTIONS', 'OPTIONS', 'OPTIONS']);
    });
  });

  describe('.onBindingEvent()', () => {
    it('POSTs JSON data as application/json to the route and returns the reply', async () => {
      answer = () => ({ status: 200, body: '{"ok":1}' });
      const reply = await callbacks.onBindingEvent({ name: 'cron', route: 'on-tick', data: Buffer.from('{"x":1}'), metadata: { readTimeUTC: 't' } }, signal);
      expect([Buffer.from(reply ?? []).toString(), seen[0]?.url, seen[0]?.headers['content-type'], seen[0]?.headers['readtimeutc']]).toEqual(['{"ok":1}', '/on-tick', 'application/json', 't']);
    });

    it('throws when the app does not answer 2xx', async () => {
      answer = () => ({ status: 500 });
      await expect(callbacks.onBindingEvent({ name: 'cron', route: 'cron', data: Buffer.alloc(0), metadata: {} }, signal)).rejects.toThrow('the app answered 500 for input binding cron');
    });
  });
});
