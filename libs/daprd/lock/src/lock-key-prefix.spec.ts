import { illegalResourceId, LockKeyPrefixError, lockKeyPrefixFor } from './lock-key-prefix';

describe('lockKeyPrefixFor()', () => {
  const ctx = { appId: 'myapp', storeName: 'lockstore' };

  it.each<[string | undefined, string]>([
    [undefined, 'lock||myapp||'],
    ['', 'lock||myapp||'],
    ['appid', 'lock||myapp||'],
    ['AppID', 'lock||myapp||'],
    ['name', 'lock||lockstore||'],
    ['none', 'lock||'],
    ['Other-Fixed-Prefix', 'lock||other-fixed-prefix||'],
  ])('returns the prefix for keyPrefix %j as Dapr does', (strategy, prefix) => {
    expect(lockKeyPrefixFor(strategy, ctx)).toBe(prefix);
  });

  it('returns lock|| for the appid strategy when the app id is empty', () => {
    expect(lockKeyPrefixFor('appid', { appId: '', storeName: 'lockstore' })).toBe('lock||');
  });

  it('throws a LockKeyPrefixError in Dapr’s words when the value contains ||', () => {
    let thrown: unknown;
    try {
      lockKeyPrefixFor('a||b', ctx);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(LockKeyPrefixError);
    expect((thrown as Error).message).toBe("input key/keyPrefix 'a||b' can't contain '||'");
  });
});

describe('illegalResourceId()', () => {
  it('explains why a resource id containing || cannot be stored, and accepts others', () => {
    expect(illegalResourceId('c||d')).toBe("input key/keyPrefix 'c||d' can't contain '||'");
    expect(illegalResourceId('c|d')).toBeUndefined();
  });
});
