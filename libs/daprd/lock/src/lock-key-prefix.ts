/** Separator between the parts of a stored lock key; resource ids and prefixes may not contain it. */
const Separator = '||';

/** Every stored lock key starts with this, whatever the strategy. */
const ApiPrefix = `lock${Separator}`;

/** A `keyPrefix` value that cannot be used (it contains the `||` separator). */
export class LockKeyPrefixError extends Error {
  override readonly name = 'LockKeyPrefixError';
}

/**
 * The literal prefix of every key a lock store is asked for, from the component's `keyPrefix`
 * metadata (mirrors dapr pkg/components/lock/lock_config.go), so locks interoperate with Dapr's:
 *
 * - `appid` (default, also when blank): `lock||<appId>||`, or `lock||` when the app id is empty;
 * - `name`: `lock||<storeName>||`;
 * - `none`: `lock||`;
 * - anything else: `lock||<value>||`, lower-cased as Dapr does.
 *
 * Throws LockKeyPrefixError when the value contains `||`; the loader should fail the component.
 */
export function lockKeyPrefixFor(strategy: string | undefined, ctx: { appId: string; storeName: string }): string {
  const s = (strategy ?? '').trim().toLowerCase();
  if (s.includes(Separator)) throw new LockKeyPrefixError(`input key/keyPrefix '${strategy ?? ''}' can't contain '${Separator}'`);
  switch (s) {
    case '':
    case 'appid':
      return ctx.appId === '' ? ApiPrefix : `${ApiPrefix}${ctx.appId}${Separator}`;
    case 'name':
      return `${ApiPrefix}${ctx.storeName}${Separator}`;
    case 'none':
      return ApiPrefix;
    default:
      return `${ApiPrefix}${s}${Separator}`;
  }
}

/** Why `resourceId` cannot be stored, in Dapr's words, or undefined when it can. */
export function illegalResourceId(resourceId: string): string | undefined {
  return resourceId.includes(Separator) ? `input key/keyPrefix '${resourceId}' can't contain '${Separator}'` : undefined;
}
