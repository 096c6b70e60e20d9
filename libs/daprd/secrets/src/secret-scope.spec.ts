import { isSecretAllowed, type SecretScopeRule } from './secret-scope';

const rule = (over: Partial<SecretScopeRule>): SecretScopeRule => ({ storeName: 's', defaultAccess: 'allow', allowedSecrets: [], deniedSecrets: [], ...over });

describe('isSecretAllowed()', () => {
  it.each([
    ['no rule', undefined, 'a', true],
    ['default allow', rule({}), 'a', true],
    ['default deny', rule({ defaultAccess: 'deny' }), 'a', false],
    ['allow list is exclusive', rule({ allowedSecrets: ['a'] }), 'b', false],
    ['allow list admits', rule({ defaultAccess: 'deny', allowedSecrets: ['a'] }), 'a', true],
    ['deny list overrides allow default', rule({ deniedSecrets: ['a'] }), 'a', false],
    ['deny list leaves others', rule({ deniedSecrets: ['a'] }), 'b', true],
  ])('%s', (_name, r, key, expected) => expect(isSecretAllowed(r, key)).toBe(expected));
});
