import type { Message } from '@dapr-ts/components-pubsub';
import type { Logger } from '@dapr-ts/logger';
import type { RegisteredPubSub } from './pubsub-lookup';
import type { ActiveSubscription } from './subscription-types';

/** Dapr gives a dead-letter publish 30 s. */
const DeadLetterTimeoutMs = 30_000;

/**
 * Ends a message the app will never take: publishes it unchanged to the subscription's
 * dead-letter topic when it has one (and only then acks it), else drops it with a warning.
 * A failing dead-letter publish throws, so the message is nacked rather than lost.
 */
export async function deadLetterOrDrop(message: Message, reason: string, subscription: ActiveSubscription, registered: RegisteredPubSub, logger: Logger): Promise<void> {
  const topic = subscription.deadLetterTopic;
  if (!topic) {
    logger.warn(`dropping message from topic ${subscription.topic} on pubsub ${subscription.pubsubName}: ${reason}`);
    return;
  }
  await registered.pubsub.publish(
    { topic, data: message.data, ...(message.contentType ? { contentType: message.contentType } : {}), metadata: {} },
    AbortSignal.timeout(DeadLetterTimeoutMs),
  );
  logger.warn(`message from topic ${subscription.topic} on pubsub ${subscription.pubsubName} sent to dead-letter topic ${topic}: ${reason}`);
}
