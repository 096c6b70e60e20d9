/** The message of a thrown value. Duck-typed: errors from other realms (jest, fs) fail `instanceof Error`. */
export function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
