import type { Message } from '@dapr-ts/components-pubsub';
import type { CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import { isTruthy } from '@dapr-ts/kit';
import { cloudEventFromRawPayload, isExpired, parseDeliveredCloudEvent } from './cloud-event';
import type { ActiveSubscription } from './subscription-types';

/** What to do with a message before any app sees it. */
export type InboundDecision =
  | { kind: 'deliver'; event: CloudEvent; path: string }
  /** Undeliverable for good: dead-letter it if the subscription has a dead-letter topic, else drop it. */
  | { kind: 'undeliverable'; reason: string; expired?: CloudEvent };

export function isRawPayloadSubscription(subscription: ActiveSubscription): boolean {
  const raw = subscription.metadata['rawPayload'];
  return raw !== undefined && isTruthy(raw);
}

/**
 * Turns a broker message into the CloudEvent the app gets and picks its route. Mirrors dapr
 * pkg/runtime/subscription: raw payloads are wrapped, expired envelopes and events no route
 * matches are not delivered, and a payload that is not a CloudEvent can never become one.
 */
export function decideInbound(message: Message, subscription: ActiveSubscription, now: Date): InboundDecision {
  let event: CloudEvent;
  if (isRawPayloadSubscription(subscription)) {
    event = cloudEventFromRawPayload(message.data, message.topic || subscription.topic, subscription.pubsubName);
  } else {
    try {
      event = parseDeliveredCloudEvent(message.data);
    } catch (err) {
      return { kind: 'undeliverable', reason: (err as Error).message };
    }
  }
  if (isExpired(event, now)) return { kind: 'undeliverable', reason: `message ${String(event['id'])} expired at ${String(event['expiration'])}`, expired: event };
  const path = subscription.routeMatcher.match(event);
  if (path === undefined) return { kind: 'undeliverable', reason: `no route matches event ${String(event['id'])}` };
  return { kind: 'deliver', event, path };
}
