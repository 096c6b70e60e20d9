import { isForwardableHeader, isHttpStatus, toHeaderMap } from './invocation-types';

describe('isForwardableHeader()', () => {
  it.each([
    ['content-type', true],
    ['traceparent', true],
    ['x-custom', true],
    ['authorization', true],
    ['dapr-api-token', false],
    ['dapr-app-id', false],
    ['dapr-caller-app-id', false],
    ['dapr-callee-app-id', false],
    ['dapr-caller-namespace', false],
    ['connection', false],
    ['keep-alive', false],
    ['proxy-connection', false],
    ['transfer-encoding', false],
    ['te', false],
    ['trailer', false],
    ['upgrade', false],
    ['host', false],
    ['content-length', false],
    [':authority', false],
    [':path', false],
    ['grpc-timeout', false],
    ['grpc-encoding', false],
  ])('returns %j → %j', (name, expected) => {
    expect(isForwardableHeader(name)).toBe(expected);
  });
});

describe('toHeaderMap()', () => {
  it('lower-cases names, wraps values in lists and drops unforwardable headers', () => {
    expect(
      toHeaderMap({
        'X-Custom': 'a',
        'set-cookie': ['c1', 'c2'],
        'Dapr-Api-Token': 'secret',
        Connection: 'keep-alive',
        'grpc-timeout': '1S',
        host: 'localhost:3500',
        'x-undefined': undefined,
      }),
    ).toEqual({ 'x-custom': ['a'], 'set-cookie': ['c1', 'c2'] });
  });

  it('returns an empty map for no headers', () => {
    expect(toHeaderMap({})).toEqual({});
  });
});

describe('isHttpStatus()', () => {
  it.each([
    [0, false],
    [16, false],
    [99, false],
    [100, true],
    [200, true],
    [503, true],
  ])('returns %i → %j', (status, expected) => {
    expect(isHttpStatus(status)).toBe(expected);
  });
});
