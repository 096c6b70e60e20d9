import { cloudEventFromRawPayload, encodeNewCloudEvent, completeCloudEvent, isCloudEventError, isExpired, newCloudEvent, parseDeliveredCloudEvent } from './cloud-event';

const now = new Date('2026-11-23T10:00:00.000Z');
const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'k=v' };
const base = { source: 'checkout', pubsubName: 'orderpubsub', topic: 'orders', trace, metadata: {}, now };

describe('newCloudEvent()', () => {
  it('builds the envelope Dapr builds, embedding a JSON payload as a value', () => {
    const event = newCloudEvent({ ...base, data: Buffer.from('{"orderId":1}'), contentType: 'application/json' });
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'checkout',
      type: 'com.dapr.event.sent',
      specversion: '1.0',
      datacontenttype: 'application/json',
      topic: 'orders',
      pubsubname: 'orderpubsub',
      traceid: trace.traceparent,
      traceparent: trace.traceparent,
      tracestate: 'k=v',
      time: '2026-11-23T10:00:00.000Z',
      data: { orderId: 1 },
    });
  });

  it('carries text as a string and defaults the content type to text/plain', () => {
    const event = newCloudEvent({ ...base, data: Buffer.from('hello'), contentType: '' });
    expect([event['data'], event['datacontenttype']]).toEqual(['hello', 'text/plain']);
  });

  it('carries binary payloads as data_base64', () => {
    const event = newCloudEvent({ ...base, data: Buffer.from([0, 1, 2, 255]), contentType: 'application/octet-stream' });
    expect([event['data'], event['data_base64']]).toEqual([undefined, 'AAEC/w==']);
  });

  it('keeps invalid JSON of a JSON content type as a string', () => {
    expect(newCloudEvent({ ...base, data: Buffer.from('{oops'), contentType: 'application/json' })['data']).toBe('{oops');
  });

  it('applies metadata.cloudevent.* overrides', () => {
    const event = newCloudEvent({
      ...base,
      data: Buffer.from('x'),
      contentType: 'text/plain',
      metadata: { 'cloudevent.id': 'my-id', 'cloudevent.source': 'src', 'cloudevent.type': 'my.type', 'cloudevent.subject': 'subj', 'cloudevent.traceparent': 'tp' },
    });
    expect([event['id'], event['source'], event['type'], event['subject'], event['traceparent'], event['traceid']]).toEqual(['my-id', 'src', 'my.type', 'subj', 'tp', 'tp']);
  });

  it('stamps expiration when given one', () => {
    const event = newCloudEvent({ ...base, data: Buffer.from('x'), contentType: 'text/plain', expiration: new Date('2026-11-23T10:00:05.000Z') });
    expect(event['expiration']).toBe('2026-11-23T10:00:05.000Z');
  });
});

describe('encodeNewCloudEvent()', () => {
  it.each([
    ['a JSON object', '{"orderId": 1, "items": ["a"]}', 'application/json'],
    ['JSON with surrounding whitespace', '  [1, 2]\n', 'application/json; charset=utf-8'],
    ['invalid JSON of a JSON type', '{oops', 'application/json'],
    ['text', 'héllo', 'text/plain'],
    ['binary', '\u0000\u0001', 'application/octet-stream'],
    ['an empty JSON body', '', 'application/json'],
  ])('encodes %s exactly as newCloudEvent builds it', (_what, body, contentType) => {
    const input = { ...base, data: Buffer.from(body), contentType, metadata: { 'cloudevent.id': 'fixed' } };
    expect(JSON.parse(encodeNewCloudEvent(input).toString('utf8'))).toEqual(newCloudEvent(input));
  });
});

describe('completeCloudEvent()', () => {
  it('keeps the caller attributes and fills the missing ones', () => {
    const event = completeCloudEvent(Buffer.from(JSON.stringify({ id: 'abc', source: 'mine', type: 'my.type', data: { a: 1 }, custom: 'x' })), base);
    expect(event).toEqual({
      id: 'abc',
      source: 'mine',
      type: 'my.type',
      specversion: '1.0',
      datacontenttype: 'application/json',
      data: { a: 1 },
      custom: 'x',
      time: '2026-11-23T10:00:00.000Z',
      topic: 'orders',
      pubsubname: 'orderpubsub',
      traceid: trace.traceparent,
      traceparent: trace.traceparent,
      tracestate: 'k=v',
    });
  });

  it.each([
    ['not JSON', '{'],
    ['a JSON array', '[1]'],
    ['a JSON string', '"x"'],
  ])('rejects a body that is %s', (_what, body) => {
    let caught: unknown;
    try {
      completeCloudEvent(Buffer.from(body), base);
    } catch (err) {
      caught = err;
    }
    expect(isCloudEventError(caught)).toBe(true);
  });
});

describe('cloudEventFromRawPayload()', () => {
  it('wraps the bytes as application/octet-stream data_base64', () => {
    const event = cloudEventFromRawPayload(Buffer.from('raw!'), 'orders', 'orderpubsub');
    expect([event['datacontenttype'], event['data_base64'], event['topic'], event['pubsubname'], event['specversion']]).toEqual(['application/octet-stream', 'cmF3IQ==', 'orders', 'orderpubsub', '1.0']);
  });
});

describe('parseDeliveredCloudEvent()', () => {
  it('parses an envelope and refuses anything that is not a JSON object', () => {
    expect(parseDeliveredCloudEvent(Buffer.from('{"id":"1"}'))).toEqual({ id: '1' });
    expect(() => parseDeliveredCloudEvent(Buffer.from('plain'))).toThrow('message is not a CloudEvent');
  });
});

describe('isExpired()', () => {
  it('is true only once the expiration has passed', () => {
    expect(isExpired({ expiration: '2026-11-23T09:59:59.000Z' }, now)).toBe(true);
    expect(isExpired({ expiration: '2026-11-23T10:00:01.000Z' }, now)).toBe(false);
    expect(isExpired({}, now)).toBe(false);
  });
});
