import { randomBytes } from 'node:crypto';

/**
 * A name no other run produces, for topics, streams, queues and consumer groups on shared test
 * servers: `<label>-<pid>-<random>` (no dots, so it is also a valid NATS subject token).
 */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
