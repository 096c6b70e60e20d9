import { parseDuration } from '@dapr-ts/kit';
import type { OtherResource } from '@dapr-ts/resources';
import type { RetrySchedule } from './subscription-types';

const brand: unique symbol = Symbol.for('dapr-ts.ResiliencyError');

/** A Resiliency resource is malformed; names the file, the resource and the field. */
export class ResiliencyError extends Error {
  readonly [brand] = true;
  override readonly name = 'ResiliencyError';
}

export function isResiliencyError(value: unknown): value is ResiliencyError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}

/** A retry policy of `spec.policies.retries` (Dapr defaults: constant, 5s, maxRetries -1 = forever). */
export interface RetryPolicy {
  policy: 'constant' | 'exponential';
  durationMs: number;
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** -1 = retry forever; 0 = no retry. */
  maxRetries: number;
}

export function retrySchedule(policy: RetryPolicy, random: () => number = Math.random): RetrySchedule {
  return {
    delayMs(retry: number): number | undefined {
      if (policy.maxRetries >= 0 && retry > policy.maxRetries) return undefined;
      if (policy.policy === 'constant') return policy.durationMs;
      // Dapr's exponential backoff: 1.5× per retry, randomised ±50 %, capped at maxInterval.
      const base = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * 1.5 ** (retry - 1));
      return Math.round(base * (0.5 + random()));
    },
  };
}

/**
 * The inbound retry policy each pub/sub component gets from the Resiliency resources
 * (`spec.targets.components.<name>.inbound.retry` naming one of `spec.policies.retries`).
 * Mirrors dapr pkg/resiliency for the subset pub/sub subscriptions use.
 */
export function inboundRetryPolicies(docs: readonly OtherResource[], appId: string): Map<string, RetrySchedule> {
  const out = new Map<string, RetrySchedule>();
  for (const doc of docs) {
    if (doc.kind !== 'Resiliency' || (doc.scopes.length > 0 && !doc.scopes.includes(appId))) continue;
    const fail = (field: string, problem: string): never => {
      throw new ResiliencyError(`${doc.source}: Resiliency "${doc.name}": ${field}: ${problem}`);
    };
    const policies = record(record(doc.spec['policies'])['retries']);
    const components = record(record(doc.spec['targets'])['components']);
    for (const [component, target] of Object.entries(components)) {
      const name = record(record(target)['inbound'])['retry'];
      if (name === undefined) continue;
      if (typeof name !== 'string' || !(name in policies)) fail(`spec.targets.components.${component}.inbound.retry`, `no retry policy named "${String(name)}"`);
      out.set(component, retrySchedule(parsePolicy(record(policies[name as string]), (field, problem) => fail(`spec.policies.retries.${String(name)}.${field}`, problem))));
    }
  }
  return out;
}

function parsePolicy(raw: Record<string, unknown>, fail: (field: string, problem: string) => never): RetryPolicy {
  const policy = raw['policy'] ?? 'constant';
  if (policy !== 'constant' && policy !== 'exponential') return fail('policy', `"${String(policy)}" is not constant or exponential`);
  const duration = (field: string, fallback: number): number => {
    const value = raw[field];
    if (value === undefined) return fallback;
    try {
      return parseDuration(String(value));
    } catch (err) {
      return fail(field, (err as Error).message);
    }
  };
  const maxRetries = raw['maxRetries'] === undefined ? -1 : Number(raw['maxRetries']);
  if (!Number.isInteger(maxRetries) || maxRetries < -1) fail('maxRetries', `"${String(raw['maxRetries'])}" is not an integer >= -1`);
  return { policy, durationMs: duration('duration', 5000), initialIntervalMs: duration('initialInterval', 500), maxIntervalMs: duration('maxInterval', 60_000), maxRetries };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
