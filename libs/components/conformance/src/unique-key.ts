import { randomBytes } from 'node:crypto';

/**
 * A key no other run can produce: `conf-<suite>-<label>-<random>`. Conformance suites use one per
 * test so they can run against shared, long-lived servers (Redis, Postgres) in parallel.
 */
export function uniqueKey(suite: string, label: string): string {
  const safeSuite = suite.replace(/[^A-Za-z0-9.-]+/g, '-');
  return `conf-${safeSuite}-${label}-${randomBytes(6).toString('hex')}`;
}
