import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { isAuthorized, tokensEqual } from './api-token';

function request(method: string, url: string, token?: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  if (token !== undefined) req.headers['dapr-api-token'] = token;
  return req;
}

describe('isAuthorized()', () => {
  it.each([
    ['GET /v1.0/healthz without a token', 'GET', '/v1.0/healthz', undefined, true],
    ['GET /v1.0/healthz/ (trailing slash)', 'GET', '/v1.0/healthz/', undefined, true],
    ['GET /v1.0/healthz?appid=a (query)', 'GET', '/v1.0/healthz?appid=a', undefined, true],
    ['GET /v1.0/healthz/outbound', 'GET', '/v1.0/healthz/outbound', undefined, true],
    ['GET /v1.0/healthz/outbound/', 'GET', '/v1.0/healthz/outbound/', undefined, true],
    ['a healthz path only in the query', 'GET', '/v1.0/metadata?x=/v1.0/healthz', undefined, false],
    ['?x=/healthz', 'GET', '/v1.0/state/s/k?x=/healthz', undefined, false],
    ['POST /v1.0/healthz', 'POST', '/v1.0/healthz', undefined, false],
    ['a dot-dot path below healthz', 'GET', '/v1.0/healthz/../state/s/k', undefined, false],
    ['a longer path under healthz', 'GET', '/v1.0/healthz/other', undefined, false],
    ['GET /v1.0/metadata (not exempt)', 'GET', '/v1.0/metadata', undefined, false],
    ['the right token', 'POST', '/v1.0/state/s', 'secret', true],
    ['a wrong token of the same length', 'POST', '/v1.0/state/s', 'secreT', false],
    ['a prefix of the token', 'POST', '/v1.0/state/s', 'secre', false],
    ['an empty token header', 'POST', '/v1.0/state/s', '', false],
    ['a missing token', 'POST', '/v1.0/state/s', undefined, false],
  ])('returns the decision for %s when a token is configured', (_name, method, url, given, expected) => {
    expect(isAuthorized(request(method, url, given), 'secret')).toBe(expected);
  });

  it.each([undefined, ''])('returns true for any request when the configured token is %j', (token) => {
    expect(isAuthorized(request('POST', '/v1.0/state/s'), token)).toBe(true);
  });
});

describe('tokensEqual()', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['ab', 'abc', false],
    ['abcd', 'abc', false],
    ['', '', true],
    ['é', 'é', true],
  ])('returns %j == %j → %j', (given, expected, result) => {
    expect(tokensEqual(given, expected)).toBe(result);
  });
});
