import { KeyPrefixError, keyPrefixFor } from './key-prefix';

describe('keyPrefixFor()', () => {
  const ctx = { appId: 'myapp', namespace: 'prod', storeName: 'statestore' };

  it.each([
    ['absent → appid', undefined, ctx, 'myapp||'],
    ['appid', 'appid', ctx, 'myapp||'],
    ['appid, any case', 'AppID', ctx, 'myapp||'],
    ['appid without an app id', 'appid', { ...ctx, appId: '' }, ''],
    ['name', 'name', ctx, 'statestore||'],
    ['namespace', 'namespace', ctx, 'prod.myapp||'],
    ['namespace without a namespace', 'namespace', { appId: 'myapp', storeName: 'statestore' }, 'myapp||'],
    ['namespace without an app id', 'namespace', { ...ctx, appId: '' }, ''],
    ['none', 'none', ctx, ''],
    ['NONE', 'NONE', ctx, ''],
    ['custom', 'shared', ctx, 'shared||'],
    ['custom, lower-cased as Dapr does', 'MyPrefix', ctx, 'myprefix||'],
  ])('returns the prefix for %s', (_name, strategy, context, expected) => {
    expect(keyPrefixFor(strategy, context)).toBe(expected);
  });

  it('refuses a prefix containing ||', () => {
    expect(() => keyPrefixFor('a||b', ctx)).toThrow(new KeyPrefixError(`keyPrefix "a||b" can't contain '||'`));
  });
});
