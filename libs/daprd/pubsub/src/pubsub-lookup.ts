import type { PubSub } from '@dapr-ts/components-pubsub';

/** Which topics this app may publish to and subscribe to on one pub/sub (component scopes). */
export interface TopicAccess {
  canPublish(topic: string): boolean;
  canSubscribe(topic: string): boolean;
}

/** A loaded pub/sub component as the runtime uses it. */
export interface RegisteredPubSub {
  name: string;
  pubsub: PubSub;
  access: TopicAccess;
}

export interface PubSubLookup {
  get(name: string): RegisteredPubSub | undefined;
  /** Whether any pub/sub component is loaded. */
  any(): boolean;
  names(): string[];
}
