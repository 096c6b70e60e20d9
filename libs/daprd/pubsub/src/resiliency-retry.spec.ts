import type { OtherResource } from '@dapr-ts/resources';
import { inboundRetryPolicies, isResiliencyError, retrySchedule } from './resiliency-retry';

function resiliency(spec: Record<string, unknown>, scopes: string[] = []): OtherResource {
  return { kind: 'Resiliency', apiVersion: 'dapr.io/v1alpha1', name: 'myresiliency', scopes, spec, source: 'resiliency.yaml' };
}

describe('inboundRetryPolicies()', () => {
  it('maps each component target to its inbound retry policy', () => {
    const policies = inboundRetryPolicies(
      [resiliency({ policies: { retries: { pubsubRetry: { policy: 'constant', duration: '100ms', maxRetries: 2 } } }, targets: { components: { pubsub: { inbound: { retry: 'pubsubRetry' } }, other: { outbound: { retry: 'pubsubRetry' } } } } })],
      'app',
    );
    const schedule = policies.get('pubsub');
    expect([schedule?.delayMs(1), schedule?.delayMs(2), schedule?.delayMs(3), policies.has('other')]).toEqual([100, 100, undefined, false]);
  });

  it('skips Resiliency resources scoped to other apps', () => {
    expect(inboundRetryPolicies([resiliency({ policies: { retries: { r: {} } }, targets: { components: { pubsub: { inbound: { retry: 'r' } } } } }, ['someone-else'])], 'app').size).toBe(0);
  });

  it.each([
    ['an unknown policy name', { policies: { retries: {} }, targets: { components: { pubsub: { inbound: { retry: 'missing' } } } } }, 'resiliency.yaml: Resiliency "myresiliency": spec.targets.components.pubsub.inbound.retry: no retry policy named "missing"'],
    ['a bad duration', { policies: { retries: { r: { duration: 'soon' } } }, targets: { components: { pubsub: { inbound: { retry: 'r' } } } } }, 'spec.policies.retries.r.duration'],
    ['a bad maxRetries', { policies: { retries: { r: { maxRetries: 'x' } } }, targets: { components: { pubsub: { inbound: { retry: 'r' } } } } }, 'spec.policies.retries.r.maxRetries'],
  ])('refuses %s, naming the field', (_what, spec, message) => {
    let caught: unknown;
    try {
      inboundRetryPolicies([resiliency(spec)], 'app');
    } catch (err) {
      caught = err;
    }
    expect(isResiliencyError(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });
});

describe('retrySchedule()', () => {
  it('backs off exponentially by 1.5x, capped at maxInterval, and retries forever with maxRetries -1', () => {
    const schedule = retrySchedule({ policy: 'exponential', durationMs: 0, initialIntervalMs: 100, maxIntervalMs: 200, maxRetries: -1 }, () => 0.5);
    expect([1, 2, 3, 50].map((n) => schedule.delayMs(n))).toEqual([100, 150, 200, 200]);
  });

  it('does not retry at all with maxRetries 0', () => {
    expect(retrySchedule({ policy: 'constant', durationMs: 10, initialIntervalMs: 0, maxIntervalMs: 0, maxRetries: 0 }).delayMs(1)).toBeUndefined();
  });
});
