import { decodeSubscriptionMetadataValue, parseHttpSubscriptions } from './http-subscriptions';

describe('http-subscriptions', () => {
  describe('.parseHttpSubscriptions()', () => {
    it('returns a v1 subscription with its route as the default when the app sends "route"', () => {
      // The shape the JS SDK sends for server.pubsub.subscribe('pubsub', 'orders', cb).
      const body = [{ pubsubname: 'pubsub', topic: 'orders', route: '/pubsub--orders--default' }];

      expect(parseHttpSubscriptions(body)).toEqual({
        subscriptions: [{ pubsubName: 'pubsub', topic: 'orders', metadata: {}, routes: { rules: [], default: 'pubsub--orders--default' } }],
        errors: [],
      });
    });

    it('returns the rules in order and the default when the app sends v2 "routes"', () => {
      const body = [
        {
          pubsubname: 'pubsub',
          topic: 'inventory',
          routes: {
            rules: [
              { match: 'event.type == "widget"', path: '/widgets' },
              { match: 'event.type == "gadget"', path: 'gadgets' },
            ],
            default: '/products',
          },
        },
      ];

      expect(parseHttpSubscriptions(body).subscriptions).toEqual([
        {
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

    it('returns routes.default over route when the app sends both', () => {
      const body = [{ pubsubname: 'p', topic: 't', route: '/v1', routes: { default: '/v2' } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.routes).toEqual({ rules: [], default: 'v2' });
    });

    it('returns route as the default when routes has rules but no default', () => {
      const body = [{ pubsubname: 'p', topic: 't', route: '/v1', routes: { rules: [{ match: 'true', path: '/r' }] } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.routes).toEqual({ rules: [{ match: 'true', path: 'r' }], default: 'v1' });
    });

    it('returns rules without a default when the app sends only rules', () => {
      const body = [{ pubsubname: 'p', topic: 't', routes: { rules: [{ match: 'event.type == "a"', path: '/a' }] } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.routes).toEqual({ rules: [{ match: 'event.type == "a"', path: 'a' }], default: '' });
    });

    it('returns an empty match when a rule has none', () => {
      const body = [{ pubsubname: 'p', topic: 't', routes: { rules: [{ path: '/all' }] } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.routes.rules).toEqual([{ match: '', path: 'all' }]);
    });

    it.each([
      ['/orders', 'orders'],
      ['orders', 'orders'],
      ['//orders', '/orders'],
      ['/', '/'],
      ['/a/b', 'a/b'],
    ])('returns path %j as %j', (route, expected) => {
      expect(parseHttpSubscriptions([{ pubsubname: 'p', topic: 't', route }]).subscriptions[0]?.routes.default).toBe(expected);
    });

    it('returns the dead-letter topic and bulk settings when the app sends them', () => {
      const body = [
        {
          pubsubname: 'p',
          topic: 't',
          route: '/r',
          deadLetterTopic: 'poison',
          bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 200 },
        },
      ];

      expect(parseHttpSubscriptions(body).subscriptions[0]).toEqual({
        pubsubName: 'p',
        topic: 't',
        metadata: {},
        routes: { rules: [], default: 'r' },
        deadLetterTopic: 'poison',
        bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 200 },
      });
    });

    it('returns bulk settings without counts when they are absent or 0', () => {
      const body = [{ pubsubname: 'p', topic: 't', route: 'r', bulkSubscribe: { enabled: false, maxMessagesCount: 0 } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.bulkSubscribe).toEqual({ enabled: false });
    });

    it('leaves deadLetterTopic out when it is empty', () => {
      const [subscription] = parseHttpSubscriptions([{ pubsubname: 'p', topic: 't', route: 'r', deadLetterTopic: '' }]).subscriptions;

      expect(subscription).not.toHaveProperty('deadLetterTopic');
    });

    it('returns metadata decoded leniently when the JS SDK JSON-stringified the values', () => {
      // JS SDK: metadata {rawPayload: true, queue: 'q1', count: 3} is sent as JSON.stringify(value) each.
      const body = [{ pubsubname: 'p', topic: 't', route: 'r', metadata: { rawPayload: 'true', queue: '"q1"', count: '3', plain: 'x', num: 7, flag: false, none: null } }];

      expect(parseHttpSubscriptions(body).subscriptions[0]?.metadata).toEqual({ rawPayload: 'true', queue: 'q1', count: '3', plain: 'x', num: '7', flag: 'false', none: '' });
    });

    it('returns fields whatever their case, as daprd decodes them', () => {
      const body = [{ PubSubName: 'p', Topic: 't', Route: '/r', DeadLetterTopic: 'dl', BulkSubscribe: { Enabled: true, MaxMessagesCount: 5 } }];

      expect(parseHttpSubscriptions(body)).toEqual({
        subscriptions: [{ pubsubName: 'p', topic: 't', metadata: {}, routes: { rules: [], default: 'r' }, deadLetterTopic: 'dl', bulkSubscribe: { enabled: true, maxMessagesCount: 5 } }],
        errors: [],
      });
    });

    it('returns no subscriptions and no errors when the body is null', () => {
      expect(parseHttpSubscriptions(null)).toEqual({ subscriptions: [], errors: [] });
    });

    it('returns an error when the body is not an array', () => {
      expect(parseHttpSubscriptions({ pubsubname: 'p' })).toEqual({ subscriptions: [], errors: ['expected a JSON array of subscriptions, got an object'] });
    });

    it.each<[string, unknown, string]>([
      ['the item is not an object', 'pubsub', '[1]: must be an object, got string "pubsub"'],
      ['pubsubname is missing', { topic: 't', route: 'r' }, '[1].pubsubname: is required'],
      ['pubsubname is empty', { pubsubname: '', topic: 't', route: 'r' }, '[1].pubsubname: is required'],
      ['topic is not a string', { pubsubname: 'p', topic: 5, route: 'r' }, '[1].topic: must be a string, got number 5'],
      ['there is no route', { pubsubname: 'p', topic: 't' }, '[1]: has no route: set "route" or "routes"'],
      ['routes is empty', { pubsubname: 'p', topic: 't', routes: { rules: [] } }, '[1]: has no route: set "route" or "routes"'],
      ['routes is not an object', { pubsubname: 'p', topic: 't', routes: ['r'] }, '[1].routes: must be an object, got an array'],
      ['rules is not an array', { pubsubname: 'p', topic: 't', routes: { rules: {} } }, '[1].routes.rules: must be an array, got an object'],
      ['a rule has no path', { pubsubname: 'p', topic: 't', routes: { rules: [{ match: 'true', path: '/a' }, { match: 'true' }] } }, '[1].routes.rules[1].path: is required'],
      ['a match is not a string', { pubsubname: 'p', topic: 't', routes: { rules: [{ match: true, path: 'a' }] } }, '[1].routes.rules[0].match: must be a string, got boolean true'],
      ['a metadata value is an object', { pubsubname: 'p', topic: 't', route: 'r', metadata: { a: { b: 1 } } }, '[1].metadata.a: must be a string, got an object'],
      ['bulkSubscribe.enabled is a string', { pubsubname: 'p', topic: 't', route: 'r', bulkSubscribe: { enabled: 'yes' } }, '[1].bulkSubscribe.enabled: must be true or false, got string "yes"'],
      ['maxMessagesCount is negative', { pubsubname: 'p', topic: 't', route: 'r', bulkSubscribe: { enabled: true, maxMessagesCount: -1 } }, '[1].bulkSubscribe.maxMessagesCount: must be a non-negative integer, got number -1'],
      ['maxAwaitDurationMs is fractional', { pubsubname: 'p', topic: 't', route: 'r', bulkSubscribe: { enabled: true, maxAwaitDurationMs: 1.5 } }, '[1].bulkSubscribe.maxAwaitDurationMs: must be a non-negative integer, got number 1.5'],
    ])('skips the item and returns an error naming index and field when %s', (_, bad, error) => {
      const good = { pubsubname: 'p', topic: 'ok', route: '/ok' };

      expect(parseHttpSubscriptions([good, bad, good])).toEqual({
        subscriptions: [
          { pubsubName: 'p', topic: 'ok', metadata: {}, routes: { rules: [], default: 'ok' } },
          { pubsubName: 'p', topic: 'ok', metadata: {}, routes: { rules: [], default: 'ok' } },
        ],
        errors: [error],
      });
    });
  });

  describe('.decodeSubscriptionMetadataValue()', () => {
    it.each([
      ['"queue-a"', 'queue-a'],
      ['"with \\"quotes\\""', 'with "quotes"'],
      ['""', ''],
      ['true', 'true'],
      ['10', '10'],
      ['plain', 'plain'],
      ['"', '"'],
      ['"unterminated\\"', '"unterminated\\"'],
      ['{"a":1}', '{"a":1}'],
    ])('returns %j as %j', (value, expected) => {
      expect(decodeSubscriptionMetadataValue(value)).toBe(expected);
    });
  });
});
