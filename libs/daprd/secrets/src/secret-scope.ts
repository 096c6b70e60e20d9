/** A `spec.secrets.scopes[]` entry of the Configuration. */
export interface SecretScopeRule {
  storeName: string;
  defaultAccess: 'allow' | 'deny';
  allowedSecrets: string[];
  deniedSecrets: string[];
}

/**
 * Whether `key` may be read from a store under its scope rule. Mirrors dapr pkg/config
 * SecretsScope.IsSecretAllowed: a non-empty allow list is exclusive; otherwise the deny list,
 * then the default access decide.
 */
export function isSecretAllowed(rule: SecretScopeRule | undefined, key: string): boolean {
  if (!rule) return true;
  if (rule.allowedSecrets.length > 0) return rule.allowedSecrets.includes(key);
  if (rule.deniedSecrets.includes(key)) return false;
  return rule.defaultAccess.toLowerCase() !== 'deny';
}
