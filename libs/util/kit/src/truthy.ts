/** Dapr's truthy strings (kit utils.IsTruthy): y, yes, true, t, on, 1, case-insensitive. */
export function isTruthy(value: string | undefined | null): boolean {
  if (value === undefined || value === null) return false;
  return ['y', 'yes', 'true', 't', 'on', '1'].includes(value.trim().toLowerCase());
}
