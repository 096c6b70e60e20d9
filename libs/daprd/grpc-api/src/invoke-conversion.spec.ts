import { Metadata } from '@grpc/grpc-js';
import { commonV1 } from '@dapr-ts/proto';
import { fromInvokeRequest, headersFromMetadata, verbName, verbNumber } from './invoke-conversion';

const Verb = commonV1.HTTPExtension_Verb;

describe('verbName()', () => {
  it.each([
    [undefined, 'POST'],
    [Verb.NONE, 'POST'],
    [Verb.GET, 'GET'],
    [Verb.HEAD, 'HEAD'],
    [Verb.POST, 'POST'],
    [Verb.PUT, 'PUT'],
    [Verb.DELETE, 'DELETE'],
    [Verb.CONNECT, 'CONNECT'],
    [Verb.OPTIONS, 'OPTIONS'],
    [Verb.TRACE, 'TRACE'],
    [Verb.PATCH, 'PATCH'],
    [Verb.UNRECOGNIZED, 'POST'],
    [42, 'POST'],
  ])('returns the HTTP verb of %j as %j', (verb, name) => {
    expect(verbName(verb)).toBe(name);
  });
});

describe('verbNumber()', () => {
  it.each([
    ['GET', Verb.GET],
    ['get', Verb.GET],
    ['POST', Verb.POST],
    ['Patch', Verb.PATCH],
    ['DELETE', Verb.DELETE],
    ['PROPFIND', Verb.NONE],
    ['', Verb.NONE],
  ])('returns the HTTPExtension verb of %j as %i', (name, verb) => {
    expect(verbNumber(name)).toBe(verb);
  });

  it.each(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'])('round-trips %s through verbName', (name) => {
    expect(verbName(verbNumber(name))).toBe(name);
  });
});

describe('headersFromMetadata()', () => {
  it('keeps forwardable text metadata, lower-cased, and drops binary, token, user-agent and content-type', () => {
    const md = new Metadata();
    md.set('X-Custom', 'a');
    md.set('traceparent', '00-abc-def-01');
    md.set('dapr-api-token', 'secret');
    md.set('grpc-timeout', '1S');
    md.set('user-agent', 'grpc-node');
    md.set('content-type', 'application/grpc');
    md.set('trace-bin', Buffer.from([1, 2]));
    expect(headersFromMetadata(md)).toEqual({ 'x-custom': ['a'], traceparent: ['00-abc-def-01'] });
  });
});

describe('fromInvokeRequest()', () => {
  it('builds the transport-neutral request, stripping leading slashes from the method', () => {
    const message: commonV1.InvokeRequest = {
      method: '//orders/1',
      data: { typeUrl: 'type.googleapis.com/google.protobuf.StringValue', value: Buffer.from('body') },
      contentType: 'text/plain',
      httpExtension: { verb: Verb.PUT, querystring: 'a=1' },
    };
    expect(fromInvokeRequest(message, { 'x-a': ['1'] })).toEqual({
      method: 'orders/1',
      verb: 'PUT',
      query: 'a=1',
      contentType: 'text/plain',
      data: Buffer.from('body'),
      dataTypeUrl: 'type.googleapis.com/google.protobuf.StringValue',
      headers: { 'x-a': ['1'] },
    });
  });

  it('defaults to POST with empty fields when the message is missing', () => {
    expect(fromInvokeRequest(undefined, {})).toEqual({ method: '', verb: 'POST', query: '', contentType: '', data: Buffer.alloc(0), dataTypeUrl: '', headers: {} });
  });
});
