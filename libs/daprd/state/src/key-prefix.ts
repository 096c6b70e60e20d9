/** A `keyPrefix` value that cannot be used (it contains the `||` separator). */
export class KeyPrefixError extends Error {
  override readonly name = 'KeyPrefixError';
}

/**
 * How keys are prefixed in a store, from the component's `keyPrefix` metadata
 * (mirrors dapr pkg/components/state/state_config.go): `appid` (default), `name`, `namespace`,
 * `none`, or any other string, lower-cased as Dapr does so keys match data written by Dapr.
 */
export function keyPrefixFor(strategy: string | undefined, ctx: { appId: string; namespace?: string; storeName: string }): string {
  const s = (strategy ?? 'appid').toLowerCase();
  if (s.includes('||')) throw new KeyPrefixError(`keyPrefix "${strategy}" can't contain '||'`);
  switch (s) {
    case '':
    case 'appid':
      return ctx.appId === '' ? '' : `${ctx.appId}||`;
    case 'name':
      return `${ctx.storeName}||`;
    case 'namespace':
      if (ctx.appId === '') return '';
      return ctx.namespace ? `${ctx.namespace}.${ctx.appId}||` : `${ctx.appId}||`;
    case 'none':
      return '';
    default:
      return `${s}||`;
  }
}
