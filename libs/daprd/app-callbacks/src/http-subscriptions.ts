import type { AppSubscription, BulkSubscribeOptions, RouteRule } from './app-callbacks';

/** What {@link parseHttpSubscriptions} made of the app's answer. */
export interface ParsedHttpSubscriptions {
  subscriptions: AppSubscription[];
  /** One line per skipped item, naming its index and field, e.g. `[2].topic: is required`. */
  errors: string[];
}

/** Thrown inside the parser to skip one item; caught in this module, never escapes it. */
class ItemProblem extends Error {
  override readonly name = 'ItemProblem';
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}

/**
 * Parses the JSON the app returns from `GET /dapr/subscribe`: an array of
 * `{pubsubname, topic, route | routes: {rules: [{match, path}], default}, metadata?, deadLetterTopic?,
 * bulkSubscribe?: {enabled, maxMessagesCount?, maxAwaitDurationMs?}}`.
 *
 * - Field names match case-insensitively, exact spelling first, as Go's encoding/json does in daprd.
 * - v1 `route` becomes `routes.default`; when both are given `routes.default` wins, as in daprd.
 * - Paths lose one leading `/` (`/orders` → `orders`): delivery POSTs to `/<path>`, so the JS SDK's
 *   `/pubsub--orders--default` reaches the same URL it does under daprd. `/` alone is kept.
 * - A rule without `match` matches every event (see compileRoutes in daprd-pubsub).
 * - Metadata values are read leniently: numbers and booleans become strings, and a JSON-encoded
 *   string (the JS SDK sends `"x"` as `"\"x\""`) is decoded once, see {@link decodeSubscriptionMetadataValue}.
 * - An item that is invalid, or that names no route at all, is skipped and reported in `errors`;
 *   nothing is thrown. `null` (an app with no subscriptions) yields none.
 *
 * Mirrors daprd GetSubscriptionsHTTP (pkg/runtime/pubsub), minus its
 * all-or-nothing JSON decoding.
 */
export function parseHttpSubscriptions(body: unknown): ParsedHttpSubscriptions {
  const result: ParsedHttpSubscriptions = { subscriptions: [], errors: [] };
  if (body === null || body === undefined) return result;
  if (!Array.isArray(body)) {
    result.errors.push(`expected a JSON array of subscriptions, got ${describe(body)}`);
    return result;
  }
  body.forEach((item: unknown, index) => {
    try {
      result.subscriptions.push(parseItem(item, `[${index}]`));
    } catch (err) {
      if (!(err instanceof ItemProblem)) throw err;
      result.errors.push(err.message);
    }
  });
  return result;
}

/**
 * Decodes one subscription metadata value as the SDKs send it. The JS SDK JSON-stringifies every
 * value, so a string arrives wrapped in quotes (`"\"queue-a\""`): such a value is unwrapped once.
 * Everything else is kept as it is (`"true"`, `"10"`). Used for gRPC `ListTopicSubscriptions` too.
 */
export function decodeSubscriptionMetadataValue(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  try {
    const decoded: unknown = JSON.parse(value);
    return typeof decoded === 'string' ? decoded : value;
  } catch {
    return value;
  }
}

/** Drops one leading `/` unless the path is just `/`; see {@link parseHttpSubscriptions}. */
function trimLeadingSlash(path: string): string {
  return path.length > 1 && path.startsWith('/') ? path.slice(1) : path;
}

function parseItem(item: unknown, at: string): AppSubscription {
  const obj = asObject(item, at);
  const pubsubName = requiredString(obj, 'pubsubname', at);
  const topic = requiredString(obj, 'topic', at);
  const routes = parseRoutes(obj, at);
  const subscription: AppSubscription = { pubsubName, topic, metadata: parseMetadata(field(obj, 'metadata'), `${at}.metadata`), routes };
  const deadLetterTopic = optionalString(obj, 'deadLetterTopic', at);
  if (deadLetterTopic) subscription.deadLetterTopic = deadLetterTopic;
  const bulk = field(obj, 'bulkSubscribe');
  if (bulk !== undefined && bulk !== null) subscription.bulkSubscribe = parseBulk(bulk, `${at}.bulkSubscribe`);
  return subscription;
}

function parseRoutes(obj: Record<string, unknown>, at: string): AppSubscription['routes'] {
  const route = optionalString(obj, 'route', at);
  const raw = field(obj, 'routes');
  const routes = raw === undefined || raw === null ? {} : asObject(raw, `${at}.routes`);
  const rulesRaw = field(routes, 'rules');
  if (rulesRaw !== undefined && rulesRaw !== null && !Array.isArray(rulesRaw)) throw new ItemProblem(`${at}.routes.rules`, `must be an array, got ${describe(rulesRaw)}`);
  const rules = (Array.isArray(rulesRaw) ? (rulesRaw as unknown[]) : []).map((rule, i): RouteRule => {
    const ruleAt = `${at}.routes.rules[${i}]`;
    const ruleObj = asObject(rule, ruleAt);
    return { match: optionalString(ruleObj, 'match', ruleAt) ?? '', path: trimLeadingSlash(requiredString(ruleObj, 'path', ruleAt)) };
  });
  const fallback = optionalString(routes, 'default', `${at}.routes`) || route || '';
  if (rules.length === 0 && fallback === '') throw new ItemProblem(at, 'has no route: set "route" or "routes"');
  return { rules, default: trimLeadingSlash(fallback) };
}

function parseMetadata(value: unknown, at: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const metadata: Record<string, string> = {};
  for (const [key, raw] of Object.entries(asObject(value, at))) {
    if (raw === null) metadata[key] = '';
    else if (typeof raw === 'string') metadata[key] = decodeSubscriptionMetadataValue(raw);
    else if (typeof raw === 'number' || typeof raw === 'boolean') metadata[key] = String(raw);
    else throw new ItemProblem(`${at}.${key}`, `must be a string, got ${describe(raw)}`);
  }
  return metadata;
}

function parseBulk(value: unknown, at: string): BulkSubscribeOptions {
  const obj = asObject(value, at);
  const enabled = field(obj, 'enabled');
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') throw new ItemProblem(`${at}.enabled`, `must be true or false, got ${describe(enabled)}`);
  const bulk: BulkSubscribeOptions = { enabled: enabled === true };
  const maxMessagesCount = optionalCount(obj, 'maxMessagesCount', at);
  if (maxMessagesCount !== undefined) bulk.maxMessagesCount = maxMessagesCount;
  const maxAwaitDurationMs = optionalCount(obj, 'maxAwaitDurationMs', at);
  if (maxAwaitDurationMs !== undefined) bulk.maxAwaitDurationMs = maxAwaitDurationMs;
  return bulk;
}

/** A non-negative integer; absent or 0 (proto3's "unset") yields undefined, so daprd's defaults apply. */
function optionalCount(obj: Record<string, unknown>, name: string, at: string): number | undefined {
  const value = field(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ItemProblem(`${at}.${name}`, `must be a non-negative integer, got ${describe(value)}`);
  return value === 0 ? undefined : value;
}

/** The value of `name`, exact key first, else any key equal ignoring case (Go encoding/json's rule). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function requiredString(obj: Record<string, unknown>, name: string, at: string): string {
  const value = optionalString(obj, name, at);
  if (value === undefined || value === '') throw new ItemProblem(`${at}.${name}`, 'is required');
  return value;
}

function optionalString(obj: Record<string, unknown>, name: string, at: string): string | undefined {
  const value = field(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ItemProblem(`${at}.${name}`, `must be a string, got ${describe(value)}`);
  return value;
}

function asObject(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ItemProblem(at, `must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
