import type { ConfigurationItem } from '@dapr-ts/components-configuration';

/** Separates the value from its version in a stored string, as Dapr's docs describe (`value||version`). */
export const VersionSeparator = '||';

/**
 * Reads a stored string as a configuration item: `value||version`, or a bare value without a
 * version. The version is what follows the last `||`, so a value may itself contain `||`
 * (`a||b||3` is value `a||b`, version `3`). Dapr splits at the first `||` instead and drops the
 * rest; both read every string written as `value||version` with a plain version the same way.
 */
export function parseRedisConfigurationValue(stored: string): ConfigurationItem {
  const at = stored.lastIndexOf(VersionSeparator);
  if (at < 0) return { value: stored, version: '', metadata: {} };
  return { value: stored.slice(0, at), version: stored.slice(at + VersionSeparator.length), metadata: {} };
}
