/**
 * How keys are prefixed in a store, from the component's `keyPrefix` metadata
 * (mirrors dapr pkg/components/state/state_config.go): `appid` (default), `name`, `namespace`,
 * `none`, or any other string used literally.
 */
export function keyPrefixFor(strategy: string | undefined, ctx: { appId: string; namespace?: string; storeName: string }): string {
  const s = (strategy ?? 'appid').trim();
  switch (s.toLowerCase()) {
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
