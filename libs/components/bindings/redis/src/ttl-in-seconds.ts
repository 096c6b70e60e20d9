import { BindingRequestError } from '@dapr-ts/components-bindings';

/** Request metadata naming a key's time to live, in whole seconds (Dapr's `ttlInSeconds`). */
export const TtlInSecondsKey = 'ttlInSeconds';

/**
 * The `ttlInSeconds` of a request as a positive number of seconds, or undefined when absent or
 * blank. Anything else is the caller's mistake and throws BindingRequestError naming the field.
 */
export function requestTtlSeconds(metadata: Record<string, string>): number | undefined {
  const raw = metadata[TtlInSecondsKey]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new BindingRequestError(`metadata "${TtlInSecondsKey}" must be a positive whole number of seconds, got "${raw}"`);
  return Number(raw);
}
