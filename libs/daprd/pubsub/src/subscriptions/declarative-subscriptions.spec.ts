import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nopLogger } from '@dapr-ts/logger';
import { loadResources, type OtherResource } from '@dapr-ts/resources';
import { parseDeclarativeSubscriptions } from './declarative-subscriptions';
import { isSubscriptionResourceError } from './subscription-resource-error';

// The v1alpha1 example of docs.dapr.io "Declarative and programmatic subscription methods".
const docsV1 = `apiVersion: dapr.io/v1alpha1
kind: Subscription
metadata:
  name: order
spec:
  topic: orders
  route: /checkout
  pubsubname: pubsub
scopes:
- orderprocessing
- checkout
`;

// Verbatim from docs.dapr.io "How-To: Route messages to different event handlers".
const docsV2 = `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: myevent-subscription
spec:
  pubsubname: pubsub
  topic: inventory
  routes:
    rules:
      - match: event.type == "widget"
        path: /widgets
      - match: event.type == "gadget"
        path: /gadgets
    default: /products
scopes:
  - app1
  - app2
`;

const withEverything = `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: bulk-orders
spec:
  pubsubname: pubsub
  topic: bulk-orders
  routes:
    default: /bulk
  metadata:
    rawPayload: true
    consumerID: group-1
    priority: 3
  deadLetterTopic: poison
  bulkSubscribe:
    enabled: true
    maxMessagesCount: 50
    maxAwaitDurationMs: 10
`;

const resource = (spec: Record<string, unknown>, overrides: Partial<OtherResource> = {}): OtherResource => ({
  kind: 'Subscription',
  apiVersion: 'dapr.io/v2alpha1',
  name: 'sub',
  scopes: [],
  spec,
  source: '/res/sub.yaml',
  ...overrides,
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('declarative-subscriptions', () => {
  describe('.parseDeclarativeSubscriptions()', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dapr-ts-subscriptions-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const load = (files: Record<string, string>, appId: string) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return parseDeclarativeSubscriptions(loadResources([dir], { appId, env: {}, logger: nopLogger() }).others, { appId });
    };

    it('returns the docs v1alpha1 subscription with its route as the default', () => {
      expect(load({ 'sub.yaml': docsV1 }, 'checkout')).toEqual([
        { name: 'order', source: join(dir, 'sub.yaml'), pubsubName: 'pubsub', topic: 'orders', metadata: {}, routes: { rules: [], default: 'checkout' } },
      ]);
    });

    it('returns the docs v2alpha1 subscription with its rules in order and its default', () => {
      expect(load({ 'sub.yaml': docsV2 }, 'app2')).toEqual([
        {
          name: 'myevent-subscription',
          source: join(dir, 'sub.yaml'),
          pubsubName: 'pubsub',
          topic: 'inventory',
          metadata: {},
          routes: {
            rules: [
              { match: 'event.type == "widget"', path: 'widgets' },
              { match: 'event.type == "gadget"', path: 'gadgets' },
            ],
            default: 'products',
          },
        },
      ]);
    });

    it('returns metadata as strings, the dead-letter topic and bulk settings', () => {
      expect(load({ 'sub.yaml': withEverything }, 'any')).toEqual([
        {
          name: 'bulk-orders',
          source: join(dir, 'sub.yaml'),
          pubsubName: 'pubsub',
          topic: 'bulk-orders',
          metadata: { rawPayload: 'true', consumerID: 'group-1', priority: '3' },
          routes: { rules: [], default: 'bulk' },
          deadLetterTopic: 'poison',
          bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 10 },
        },
      ]);
    });

    it('returns only the subscriptions whose scopes list the app, or that have no scopes', () => {
      const found = load({ 'a.yaml': docsV1, 'b.yaml': docsV2, 'c.yaml': withEverything }, 'app1');

      expect(found.map((s) => s.name)).toEqual(['myevent-subscription', 'bulk-orders']);
    });

    it('skips an invalid subscription scoped to another app without validating it', () => {
      const invalid = resource({ pubsubname: 'pubsub' }, { scopes: ['other'] });

      expect(parseDeclarativeSubscriptions([invalid], { appId: 'me' })).toEqual([]);
    });

    it('ignores resources of other kinds', () => {
      const resiliency = resource({ policies: {} }, { kind: 'Resiliency', apiVersion: 'dapr.io/v1alpha1' });

      expect(parseDeclarativeSubscriptions([resiliency], { appId: 'me' })).toEqual([]);
    });

    it('returns a rule without match as an empty match', () => {
      const [sub] = parseDeclarativeSubscriptions([resource({ pubsubname: 'p', topic: 't', routes: { rules: [{ path: '/all' }] } })], { appId: 'me' });

      expect(sub?.routes).toEqual({ rules: [{ match: '', path: 'all' }], default: '' });
    });

    it('returns fields whatever their case, a numeric topic and a truthy-string enabled', () => {
      const [sub] = parseDeclarativeSubscriptions(
        [resource({ pubSubName: 'p', Topic: 2024, routes: { Default: 'r' }, BulkSubscribe: { enabled: 'true', maxMessagesCount: '20' } })],
        { appId: 'me' },
      );

      expect(sub).toEqual({ name: 'sub', source: '/res/sub.yaml', pubsubName: 'p', topic: '2024', metadata: {}, routes: { rules: [], default: 'r' }, bulkSubscribe: { enabled: true, maxMessagesCount: 20 } });
    });

    it.each<[string, Partial<OtherResource>, Record<string, unknown>, string, string]>([
      ['pubsubname is missing', {}, { topic: 't', routes: { default: 'r' } }, 'spec.pubsubname', 'is required'],
      ['pubsubname is empty', {}, { pubsubname: '', topic: 't', routes: { default: 'r' } }, 'spec.pubsubname', 'is required'],
      ['topic is missing', {}, { pubsubname: 'p', routes: { default: 'r' } }, 'spec.topic', 'is required'],
      ['topic is a list', {}, { pubsubname: 'p', topic: ['t'], routes: { default: 'r' } }, 'spec.topic', 'must be a string'],
      ['a v1alpha1 route is missing', { apiVersion: 'dapr.io/v1alpha1' }, { pubsubname: 'p', topic: 't' }, 'spec.route', 'is required'],
      [
        'a v1alpha1 subscription uses routes',
        { apiVersion: 'dapr.io/v1alpha1' },
        { pubsubname: 'p', topic: 't', routes: { default: 'r' } },
        'spec.route',
        'is required (spec.routes needs apiVersion dapr.io/v2alpha1)',
      ],
      ['v2alpha1 routes are missing', {}, { pubsubname: 'p', topic: 't' }, 'spec.routes', 'is required'],
      ['a v2alpha1 subscription uses route', {}, { pubsubname: 'p', topic: 't', route: '/r' }, 'spec.routes', 'is required (spec.route is only read for apiVersion dapr.io/v1alpha1)'],
      ['routes have neither rules nor a default', {}, { pubsubname: 'p', topic: 't', routes: { rules: [] } }, 'spec.routes', 'needs rules or a default'],
      ['rules is not a list', {}, { pubsubname: 'p', topic: 't', routes: { rules: { match: 'x' } } }, 'spec.routes.rules', 'must be a list'],
      ['a rule has no path', {}, { pubsubname: 'p', topic: 't', routes: { rules: [{ match: 'true', path: 'a' }, { match: 'true' }] } }, 'spec.routes.rules[1].path', 'is required'],
      ['a rule is not a mapping', {}, { pubsubname: 'p', topic: 't', routes: { rules: ['a'] } }, 'spec.routes.rules[0]', 'must be a mapping'],
      ['metadata is a list', {}, { pubsubname: 'p', topic: 't', routes: { default: 'r' }, metadata: [{ name: 'a', value: 'b' }] }, 'spec.metadata', 'must be a mapping'],
      ['a metadata value is a mapping', {}, { pubsubname: 'p', topic: 't', routes: { default: 'r' }, metadata: { a: { b: 1 } } }, 'spec.metadata.a', 'must be a string'],
      ['maxMessagesCount is negative', {}, { pubsubname: 'p', topic: 't', routes: { default: 'r' }, bulkSubscribe: { enabled: true, maxMessagesCount: -5 } }, 'spec.bulkSubscribe.maxMessagesCount', 'must be a non-negative integer, not -5'],
      ['bulkSubscribe.enabled is a list', {}, { pubsubname: 'p', topic: 't', routes: { default: 'r' }, bulkSubscribe: { enabled: [] } }, 'spec.bulkSubscribe.enabled', 'must be true or false'],
      ['the apiVersion is unknown', { apiVersion: 'dapr.io/v3' }, { pubsubname: 'p', topic: 't', routes: { default: 'r' } }, 'apiVersion', '"dapr.io/v3" is not supported: use dapr.io/v1alpha1 or dapr.io/v2alpha1'],
    ])('throws SubscriptionResourceError naming file, resource and field when %s', (_, overrides, spec, field, problem) => {
      const err = thrownBy(() => parseDeclarativeSubscriptions([resource(spec, overrides)], { appId: 'me' }));

      expect(isSubscriptionResourceError(err)).toBe(true);
      expect(err).toMatchObject({ name: 'SubscriptionResourceError', file: '/res/sub.yaml', subscription: 'sub', field, problem });
      expect((err as Error).message).toBe(`/res/sub.yaml: Subscription "sub": ${field}: ${problem}`);
    });
  });

  describe('isSubscriptionResourceError()', () => {
    it('returns false for other errors', () => {
      expect(isSubscriptionResourceError(new Error('x'))).toBe(false);
      expect(isSubscriptionResourceError(null)).toBe(false);
    });
  });
});
