import type { AppCallbacks, AppSubscription } from '@dapr-ts/daprd-app-callbacks';
import { SubscriptionKind, compileRoutes, isInvalidRouteError, type ActiveSubscription, type EventSink } from '@dapr-ts/daprd-pubsub';
import type { Logger } from '@dapr-ts/logger';

/** Compiles declarative subscriptions at startup: an invalid CEL rule stops the sidecar, naming the resource. */
export function compileDeclarative(subscriptions: readonly (AppSubscription & { name: string; source: string })[], logger: Logger): ActiveSubscription[] {
  return subscriptions.map((subscription) => {
    try {
      return { ...subscription, kind: SubscriptionKind.Declarative, routeMatcher: compileRoutes(subscription, { logger }) };
    } catch (err) {
      if (isInvalidRouteError(err)) throw new Error(`Subscription "${subscription.name}" in ${subscription.source}: ${err.message}`, { cause: err });
      throw err;
    }
  });
}

/** Compiles the app's programmatic subscriptions; one with an invalid rule is logged and left out (as daprd does). */
export function compileProgrammatic(subscriptions: readonly AppSubscription[], logger: Logger): ActiveSubscription[] {
  const out: ActiveSubscription[] = [];
  for (const subscription of subscriptions) {
    try {
      out.push({ ...subscription, kind: SubscriptionKind.Programmatic, routeMatcher: compileRoutes(subscription, { logger }) });
    } catch (err) {
      logger.error(`subscription to topic ${subscription.topic} on pubsub ${subscription.pubsubName} not started: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The app as a subscription sink. */
export function appSink(callbacks: AppCallbacks): EventSink {
  return {
    deliver: (event, signal) => callbacks.onTopicEvent(event, signal),
    deliverBulk: (event, signal) => callbacks.onBulkTopicEvent(event, signal),
  };
}

/** Declarative first; a programmatic subscription to a topic already subscribed is dropped with a warning. */
export function mergeSubscriptions(declarative: readonly ActiveSubscription[], programmatic: readonly ActiveSubscription[], logger: Logger): ActiveSubscription[] {
  const seen = new Set(declarative.map((s) => `${s.pubsubName}||${s.topic}`));
  const merged = [...declarative];
  for (const subscription of programmatic) {
    const key = `${subscription.pubsubName}||${subscription.topic}`;
    if (seen.has(key)) {
      logger.warn(`topic ${subscription.topic} on pubsub ${subscription.pubsubName} has a declarative subscription already; ignoring the programmatic one`);
      continue;
    }
    seen.add(key);
    merged.push(subscription);
  }
  return merged;
}
