/**
 * How one subscription runs its handlers, from Dapr's `concurrencyMode` metadata: one at a time in
 * delivery order, or every delivery at once. Each component picks its default. Mirrors contrib
 * pubsub/concurrency.go.
 */
export const ConcurrencyMode = {
  Single: 'single',
  Parallel: 'parallel',
} as const;
export type ConcurrencyMode = (typeof ConcurrencyMode)[keyof typeof ConcurrencyMode];
