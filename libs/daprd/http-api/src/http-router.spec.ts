import type { RouteHandler } from './http-context';
import { AllMethods, HttpRouter } from './http-router';

describe('HttpRouter', () => {
  const get: RouteHandler = async () => undefined;
  const bulk: RouteHandler = async () => undefined;
  const save: RouteHandler = async () => undefined;
  const any: RouteHandler = async () => undefined;
  let router: HttpRouter;

  beforeEach(() => {
    router = new HttpRouter();
    router.add('GET', '/v1.0/state/:storeName/:key', get);
    router.add(['POST', 'PUT'], '/v1.0/state/:storeName/bulk', bulk);
    router.add(['POST', 'PUT'], '/v1.0/state/:storeName', save);
    router.add(AllMethods, '/v1.0/any', any);
  });

  describe('.find()', () => {
    it('returns the handler and the path params', () => {
      expect(router.find('GET', '/v1.0/state/store1/key1')).toEqual({ handler: get, params: { storeName: 'store1', key: 'key1' } });
    });

    it('decodes percent-encoded params', () => {
      expect(router.find('GET', '/v1.0/state/s/a%20b%2Fc')?.params).toEqual({ storeName: 's', key: 'a b/c' });
    });

    it('ignores a trailing slash', () => {
      expect(router.find('GET', '/v1.0/state/s/k/')).toEqual({ handler: get, params: { storeName: 's', key: 'k' } });
    });

    it('prefers a static segment over a param', () => {
      expect(router.find('POST', '/v1.0/state/s/bulk')?.handler).toBe(bulk);
    });

    it.each(['POST', 'PUT'])('registers one handler for several methods (%s)', (method) => {
      expect(router.find(method, '/v1.0/state/s')).toEqual({ handler: save, params: { storeName: 's' } });
    });

    it.each(AllMethods)('matches %s on a route registered for every method', (method) => {
      expect(router.find(method, '/v1.0/any')?.handler).toBe(any);
    });

    it.each([
      ['an unknown path', 'GET', '/v1.0/nope'],
      ['a method mismatch', 'DELETE', '/v1.0/state/s'],
      ['a different case', 'GET', '/V1.0/STATE/s/k'],
      ['a missing segment', 'GET', '/v1.0/state/s/'],
    ])('returns undefined for %s', (_name, method, path) => {
      expect(router.find(method, path)).toBeUndefined();
    });
  });
});
