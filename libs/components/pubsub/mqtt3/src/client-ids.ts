import { createHash, randomBytes } from 'node:crypto';

/**
 * Client id of the durable session that carries one topic filter of one consumer group:
 * `<consumerID>-<12 hex digits of the filter's SHA-256>`. It is the same in every process of the
 * group, so a restarted sidecar resumes the session (and the messages the broker kept for it).
 * One session per filter, unlike Dapr's single client: unsubscribing then simply disconnects,
 * and a slow topic does not hold up the others (see Mqtt3PubSub).
 */
export function subscriptionClientId(consumerID: string, topicFilter: string): string {
  return `${consumerID}-${createHash('sha256').update(topicFilter).digest('hex').slice(0, 12)}`;
}

/**
 * Client id of the publishing connection: `<consumerID>-pub-<random>`. Random, so replicas of one
 * app (same consumerID) do not take each other's connection over; publishing needs no session.
 */
export function publisherClientId(consumerID: string | undefined): string {
  return `${consumerID ?? 'dapr'}-pub-${randomBytes(4).toString('hex')}`;
}
