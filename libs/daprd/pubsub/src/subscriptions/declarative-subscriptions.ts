import type { AppSubscription, BulkSubscribeOptions, RouteRule } from '@dapr-ts/daprd-app-callbacks';
import { isTruthy } from '@dapr-ts/kit';
import type { OtherResource } from '@dapr-ts/resources';
import { SubscriptionResourceError } from './subscription-resource-error';

/** The Subscription apiVersions daprd reads: v1alpha1 has `spec.route`, v2alpha1 `spec.routes`. */
export const SubscriptionApiVersion = {
  V1Alpha1: 'dapr.io/v1alpha1',
  V2Alpha1: 'dapr.io/v2alpha1',
} as const;
export type SubscriptionApiVersion = (typeof SubscriptionApiVersion)[keyof typeof SubscriptionApiVersion];

/** A Subscription resource turned into an {@link AppSubscription}, still naming where it came from. */
export interface DeclarativeSubscription extends AppSubscription {
  /** The resource's `metadata.name`. */
  name: string;
  /** The file it was loaded from, for error messages. */
  source: string;
}

/** Options of {@link parseDeclarativeSubscriptions}. */
export interface DeclarativeSubscriptionOptions {
  /** This sidecar's app id: Subscriptions whose `scopes` leave it out are skipped. */
  appId: string;
}

type Fail = (field: string, problem: string) => never;

/**
 * Turns the `kind: Subscription` resources the resources loader kept raw into subscriptions.
 * Other kinds are ignored, and so are Subscriptions whose non-empty `scopes` do not list
 * `appId` (before validation, as the loader does for components).
 *
 * - `dapr.io/v1alpha1`: `spec.route` becomes `routes.default`.
 * - `dapr.io/v2alpha1`: `spec.routes.rules[]` (`match`, `path`) and `spec.routes.default`.
 * - Both: `spec.pubsubname`, `spec.topic`, `spec.metadata` (a mapping; scalars become strings),
 *   `spec.deadLetterTopic`, `spec.bulkSubscribe{enabled, maxMessagesCount, maxAwaitDurationMs}`.
 * - Field names match case-insensitively (daprd decodes the YAML with Go's encoding/json).
 * - Paths lose one leading `/`, as HTTP programmatic ones do (see parseHttpSubscriptions).
 *
 * Route expressions are not compiled here: compileRoutes does that and names the subscription.
 * Mirrors daprd DeclarativeLocal (pkg/runtime/pubsub), which skips what it cannot read; here
 * an invalid Subscription stops startup.
 * @throws SubscriptionResourceError naming the file, the Subscription and the field, for a missing
 *   or malformed `pubsubname`, `topic` or route, or an unsupported apiVersion.
 */
export function parseDeclarativeSubscriptions(docs: readonly OtherResource[], options: DeclarativeSubscriptionOptions): DeclarativeSubscription[] {
  return docs
    .filter((doc) => doc.kind === 'Subscription')
    .filter((doc) => doc.scopes.length === 0 || doc.scopes.includes(options.appId))
    .map(parseSubscription);
}

function parseSubscription(doc: OtherResource): DeclarativeSubscription {
  const fail: Fail = (field, problem) => {
    throw new SubscriptionResourceError({ file: doc.source, subscription: doc.name, field, problem });
  };
  const apiVersion = doc.apiVersion;
  if (apiVersion !== SubscriptionApiVersion.V1Alpha1 && apiVersion !== SubscriptionApiVersion.V2Alpha1) {
    return fail('apiVersion', `"${apiVersion}" is not supported: use ${SubscriptionApiVersion.V1Alpha1} or ${SubscriptionApiVersion.V2Alpha1}`);
  }
  const spec = doc.spec;
  const subscription: DeclarativeSubscription = {
    name: doc.name,
    source: doc.source,
    pubsubName: requiredName(spec, 'pubsubname', fail),
    topic: requiredName(spec, 'topic', fail),
    metadata: readMetadata(field(spec, 'metadata'), fail),
    routes: apiVersion === SubscriptionApiVersion.V1Alpha1 ? readV1Route(spec, fail) : readV2Routes(spec, fail),
  };
  const deadLetterTopic = optionalName(spec, 'deadLetterTopic', fail);
  if (deadLetterTopic) subscription.deadLetterTopic = deadLetterTopic;
  const bulk = field(spec, 'bulkSubscribe');
  if (bulk !== undefined && bulk !== null) subscription.bulkSubscribe = readBulk(bulk, fail);
  return subscription;
}

function readV1Route(spec: Record<string, unknown>, fail: Fail): AppSubscription['routes'] {
  const route = optionalName(spec, 'route', fail);
  if (route) return { rules: [], default: trimLeadingSlash(route) };
  const hint = field(spec, 'routes') === undefined ? '' : ` (spec.routes needs apiVersion ${SubscriptionApiVersion.V2Alpha1})`;
  return fail('spec.route', `is required${hint}`);
}

function readV2Routes(spec: Record<string, unknown>, fail: Fail): AppSubscription['routes'] {
  const raw = field(spec, 'routes');
  if (raw === undefined || raw === null) {
    const hint = field(spec, 'route') === undefined ? '' : ` (spec.route is only read for apiVersion ${SubscriptionApiVersion.V1Alpha1})`;
    return fail('spec.routes', `is required${hint}`);
  }
  const routes = asMapping(raw, 'spec.routes', fail);
  const rulesRaw = field(routes, 'rules') ?? [];
  if (!Array.isArray(rulesRaw)) return fail('spec.routes.rules', 'must be a list');
  const rules = (rulesRaw as unknown[]).map((item, i): RouteRule => {
    const at = `spec.routes.rules[${i}]`;
    const rule = asMapping(item, at, fail);
    const path = optionalName(rule, 'path', fail, at);
    if (!path) return fail(`${at}.path`, 'is required');
    return { match: optionalName(rule, 'match', fail, at) ?? '', path: trimLeadingSlash(path) };
  });
  const fallback = optionalName(routes, 'default', fail, 'spec.routes') ?? '';
  if (rules.length === 0 && fallback === '') return fail('spec.routes', 'needs rules or a default');
  return { rules, default: trimLeadingSlash(fallback) };
}

function readMetadata(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {};
  const metadata: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asMapping(value, 'spec.metadata', fail))) {
    if (raw === null || raw === undefined) metadata[key] = '';
    else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') metadata[key] = String(raw);
    else fail(`spec.metadata.${key}`, 'must be a string');
  }
  return metadata;
}

function readBulk(value: unknown, fail: Fail): BulkSubscribeOptions {
  const bulk = asMapping(value, 'spec.bulkSubscribe', fail);
  const enabled = field(bulk, 'enabled');
  let on = false;
  if (typeof enabled === 'boolean') on = enabled;
  else if (typeof enabled === 'string') on = isTruthy(enabled);
  else if (enabled !== undefined && enabled !== null) fail('spec.bulkSubscribe.enabled', 'must be true or false');
  const result: BulkSubscribeOptions = { enabled: on };
  const maxMessagesCount = readCount(bulk, 'maxMessagesCount', fail);
  if (maxMessagesCount !== undefined) result.maxMessagesCount = maxMessagesCount;
  const maxAwaitDurationMs = readCount(bulk, 'maxAwaitDurationMs', fail);
  if (maxAwaitDurationMs !== undefined) result.maxAwaitDurationMs = maxAwaitDurationMs;
  return result;
}

/** A non-negative integer (YAML number or digits); absent or 0 yields undefined so daprd's defaults apply. */
function readCount(bulk: Record<string, unknown>, name: string, fail: Fail): number | undefined {
  const value = field(bulk, name);
  if (value === undefined || value === null || value === '') return undefined;
  const count = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return fail(`spec.bulkSubscribe.${name}`, `must be a non-negative integer, not ${JSON.stringify(value)}`);
  return count === 0 ? undefined : count;
}

/** A required pubsub or topic name; YAML may read `topic: 2024` as a number, which is accepted. */
function requiredName(spec: Record<string, unknown>, name: string, fail: Fail): string {
  const value = optionalName(spec, name, fail);
  return value || fail(`spec.${name}`, 'is required');
}

function optionalName(obj: Record<string, unknown>, name: string, fail: Fail, at = 'spec'): string | undefined {
  const value = field(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return fail(`${at}.${name}`, 'must be a string');
}

function asMapping(value: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(at, 'must be a mapping');
  return value as Record<string, unknown>;
}

/** The value of `name`, exact key first, else any key equal ignoring case (Go encoding/json's rule). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function trimLeadingSlash(path: string): string {
  return path.length > 1 && path.startsWith('/') ? path.slice(1) : path;
}
