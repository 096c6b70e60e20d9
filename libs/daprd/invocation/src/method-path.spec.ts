import { InvalidMethodError, normalizeMethodPath } from './method-path';

describe('normalizeMethodPath()', () => {
  it.each([
    ['neworder', 'neworder', 'neworder'],
    ['api/v1/orders', 'api/v1/orders', 'api/v1/orders'],
    ['a/./b', 'a/b', 'a/b'],
    ['../../state/x', 'state/x', 'state/x'],
    ['admin/../public', 'public', 'public'],
    ['admin%2F..%2Fpublic', 'public', 'public'],
    ['users/a%2Fb', 'users/a/b', 'users/a%2Fb'],
    ['hello%20world', 'hello world', 'hello%20world'],
  ])('normalises %p', (raw, decoded, encoded) => {
    expect(normalizeMethodPath(raw)).toEqual({ decoded, encoded });
  });

  it.each(['a%23b', 'a%3Fb', 'a%00b', 'a%0Db', 'bad%zz', '%'])('refuses %p', (raw) => {
    expect(() => normalizeMethodPath(raw)).toThrow(InvalidMethodError);
  });
});
