import { MetadataError, MetadataReader } from '@dapr-ts/components-common';
import type { TopicAccess } from '../pubsub-lookup';

/** The pub/sub component metadata daprd itself reads to scope topics (Dapr's exact names). */
export const TopicScopeMetadata = {
  PublishingScopes: 'publishingScopes',
  SubscriptionScopes: 'subscriptionScopes',
  AllowedTopics: 'allowedTopics',
  ProtectedTopics: 'protectedTopics',
} as const;
export type TopicScopeMetadata = (typeof TopicScopeMetadata)[keyof typeof TopicScopeMetadata];

/**
 * Which topics one app may publish to and subscribe to on one pub/sub component, from the
 * component's metadata (docs: "Scope Pub/sub topic access"):
 *
 * - `allowedTopics` (`a,b`): when set, no other topic exists, for any app or operation.
 * - `publishingScopes` / `subscriptionScopes` (`app1=t1;app2=t2,t3;app3=`): an app listed there
 *   may use only its topics (none for `app3=`); an app not listed may use every topic...
 * - `protectedTopics` (`a,b`): ...except these, which need an explicit grant in the scopes.
 *
 * Whitespace is ignored, an app listed twice gets both lists, and metadata names match
 * case-insensitively as for all component metadata. Both checks are pure and cheap: the runtime
 * calls `canPublish` per publish and `canSubscribe` per subscription at startup.
 * Mirrors dapr pkg/scopes and pkg/runtime/pubsub isOperationAllowed.
 */
export class TopicScopes implements TopicAccess {
  /** Undefined when `allowedTopics` is not set: every topic exists. */
  private readonly allowedTopics: ReadonlySet<string> | undefined;
  private readonly protectedTopics: ReadonlySet<string>;
  /** Undefined when the app is not listed in `publishingScopes`. */
  private readonly publishGrant: ReadonlySet<string> | undefined;
  /** Undefined when the app is not listed in `subscriptionScopes`. */
  private readonly subscribeGrant: ReadonlySet<string> | undefined;

  /**
   * @param properties the component's resolved metadata
   * @param appId this sidecar's app id
   * @throws MetadataError when a scopes entry is not `<app-id>=<topics>`, or two metadata names
   *   differ only in case
   */
  constructor(properties: Record<string, string>, appId: string) {
    const reader = new MetadataReader(properties);
    const allowed = reader.raw(TopicScopeMetadata.AllowedTopics);
    this.allowedTopics = allowed === undefined ? undefined : topicSet(allowed);
    this.protectedTopics = topicSet(reader.raw(TopicScopeMetadata.ProtectedTopics) ?? '');
    this.publishGrant = grantFor(reader.raw(TopicScopeMetadata.PublishingScopes), TopicScopeMetadata.PublishingScopes, appId);
    this.subscribeGrant = grantFor(reader.raw(TopicScopeMetadata.SubscriptionScopes), TopicScopeMetadata.SubscriptionScopes, appId);
  }

  /** Whether this app may publish to `topic`. */
  canPublish(topic: string): boolean {
    return this.allows(topic, this.publishGrant);
  }

  /** Whether this app may subscribe to `topic`. */
  canSubscribe(topic: string): boolean {
    return this.allows(topic, this.subscribeGrant);
  }

  private allows(topic: string, grant: ReadonlySet<string> | undefined): boolean {
    if (this.allowedTopics && !this.allowedTopics.has(topic)) return false;
    if (grant) return grant.has(topic);
    return !this.protectedTopics.has(topic);
  }
}

/** `a, b,,c` → {a, b, c}. A set value that lists nothing (`,`) yields an empty set, so it denies all. */
function topicSet(value: string): Set<string> {
  return new Set(
    value
      .replace(/\s+/g, '')
      .split(',')
      .filter((topic) => topic !== ''),
  );
}

/** The topics `appId` is granted in a scopes value, or undefined when the value does not list it. */
function grantFor(value: string | undefined, name: string, appId: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  let grant: Set<string> | undefined;
  for (const entry of value.replace(/\s+/g, '').split(';')) {
    if (entry === '') continue;
    const equals = entry.indexOf('=');
    // Fail fast on a malformed entry rather than guess whether it grants or denies.
    if (equals <= 0) throw new MetadataError(name, `entry "${entry}" must read <app-id>=<topic>,<topic>...`);
    if (entry.slice(0, equals) !== appId) continue;
    grant ??= new Set();
    for (const topic of topicSet(entry.slice(equals + 1))) grant.add(topic);
  }
  return grant;
}
