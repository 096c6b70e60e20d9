import type { AppSubscription, CloudEvent } from '@dapr-ts/daprd-app-callbacks';
import type { LogFields, Logger } from '@dapr-ts/logger';
import { nopLogger } from '@dapr-ts/logger';
import { compileRoutes, isInvalidRouteError, type InvalidRouteError } from './routing';

const subscription = (rules: { match: string; path: string }[], fallback = ''): AppSubscription => ({
  pubsubName: 'pubsub',
  topic: 'inventory',
  metadata: {},
  routes: { rules, default: fallback },
});

/** A CloudEvent as daprd's envelope builds it, with JSON data parsed. */
const cloudEvent = (overrides: Partial<CloudEvent> = {}): CloudEvent => ({
  id: '5929aaac-a5e2-4ca1-859c-edfe73f11565',
  specversion: '1.0',
  source: 'checkout',
  type: 'com.dapr.event.sent',
  datacontenttype: 'application/json',
  data: { orderId: 1, amount: 150, important: true, customer: { tier: 'gold' }, tags: ['a', 'b'] },
  topic: 'inventory',
  pubsubname: 'pubsub',
  traceid: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
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

function recordingLogger(): { logger: Logger; debug: { msg: string; fields?: LogFields }[] } {
  const debug: { msg: string; fields?: LogFields }[] = [];
  const logger: Logger = { ...nopLogger(), debug: (msg, fields) => debug.push({ msg, fields }), child: () => logger };
  return { logger, debug };
}

describe('routing', () => {
  describe('.compileRoutes()', () => {
    // The rules of the docs' "How-To: Route messages to different event handlers".
    const docsRules = [
      { match: 'event.type == "widget"', path: 'widgets' },
      { match: 'event.type == "gadget"', path: 'gadgets' },
    ];

    it.each([
      ['widget', 'widgets'],
      ['gadget', 'gadgets'],
      ['other', 'products'],
    ])('returns the path of the rule matching event.type %j: %j', (type, path) => {
      const matcher = compileRoutes(subscription(docsRules, 'products'));

      expect(matcher.match(cloudEvent({ type }))).toBe(path);
    });

    it('returns undefined when no rule matches and there is no default', () => {
      expect(compileRoutes(subscription(docsRules)).match(cloudEvent({ type: 'other' }))).toBeUndefined();
    });

    it('returns the default when there are no rules', () => {
      expect(compileRoutes(subscription([], 'orders')).match(cloudEvent())).toBe('orders');
    });

    it('returns undefined when there are neither rules nor a default', () => {
      expect(compileRoutes(subscription([])).match(cloudEvent())).toBeUndefined();
    });

    it('returns the first matching rule when several match', () => {
      const matcher = compileRoutes(subscription([
        { match: 'event.data.amount > 100', path: 'big' },
        { match: 'event.data.amount > 10', path: 'medium' },
      ]));

      expect(matcher.match(cloudEvent())).toBe('big');
    });

    it.each<[string, string, Partial<CloudEvent>, boolean]>([
      ['compares a JSON number with an int literal', 'event.data.amount > 100', {}, true],
      ['compares a JSON number with an int literal (false)', 'event.data.amount > 200', {}, false],
      ['compares a JSON number with a double literal', 'event.data.amount >= 150.0', {}, true],
      ['tests a JSON number for equality with an int', 'event.data.orderId == 1', {}, true],
      ['tests a fractional JSON number', 'event.data.amount < 1', { data: { amount: 0.5 } }, true],
      ['compares strings', 'event.type == "com.dapr.event.sent"', {}, true],
      ['reads nested data', 'event.data.customer.tier == "gold"', {}, true],
      ['guards with has()', 'has(event.data.important) && event.data.important == true', {}, true],
      ['guards a missing field with has()', 'has(event.data.missing) && event.data.missing == true', {}, false],
      ['reads envelope fields', 'event.topic == "inventory" && event.source == "checkout"', {}, true],
      ['reads an extension attribute', 'event.myext == "x"', { myext: 'x' }, true],
      ['uses string functions', 'event.type.startsWith("com.dapr")', {}, true],
      ['checks list membership', '"b" in event.data.tags', {}, true],
      ['combines type and amount (docs example)', 'event.type == "deposit" && event.data.amount > 10000', { type: 'deposit', data: { amount: 20000 } }, true],
    ])('%s: %s is %s', (_, match, overrides, expected) => {
      const matcher = compileRoutes(subscription([{ match, path: 'hit' }], 'miss'));

      expect(matcher.match(cloudEvent(overrides))).toBe(expected ? 'hit' : 'miss');
    });

    it('returns the next rule when a rule fails to evaluate for a missing field', () => {
      const matcher = compileRoutes(subscription([
        { match: 'event.data.missing.deep == 1', path: 'broken' },
        { match: 'event.data.orderId == 1', path: 'orders' },
      ]));

      expect(matcher.match(cloudEvent())).toBe('orders');
    });

    it('returns the default when a rule fails to evaluate because data is not an object', () => {
      const matcher = compileRoutes(subscription([{ match: 'event.data.amount > 100', path: 'big' }], 'fallback'));

      expect(matcher.match(cloudEvent({ data: 'plain text', datacontenttype: 'text/plain' }))).toBe('fallback');
    });

    it('returns the default when a rule mixes a JSON number with an int in arithmetic, as cel-go does', () => {
      const matcher = compileRoutes(subscription([{ match: 'event.data.amount + 1 > 100', path: 'big' }], 'fallback'));

      expect(matcher.match(cloudEvent())).toBe('fallback');
    });

    it('returns the default when a dyn expression yields something other than true', () => {
      const matcher = compileRoutes(subscription([{ match: 'event.type', path: 'typed' }], 'fallback'));

      expect(matcher.match(cloudEvent())).toBe('fallback');
    });

    it('logs the evaluation failure at debug level', () => {
      const { logger, debug } = recordingLogger();
      const matcher = compileRoutes(subscription([{ match: 'event.data.nope == 1', path: 'x' }]), { logger });

      matcher.match(cloudEvent());

      expect(debug).toEqual([
        {
          msg: 'Route "event.data.nope == 1" of topic inventory on pubsub pubsub did not evaluate: No such key: nope',
          fields: { topic: 'inventory', pubsubName: 'pubsub' },
        },
      ]);
    });

    it.each(['', '   '])('returns the path of a rule whose match is %j for every event', (match) => {
      const matcher = compileRoutes(subscription([{ match, path: 'all' }], 'fallback'));

      expect(matcher.match(cloudEvent({ type: 'anything' }))).toBe('all');
    });

    it('returns an empty path from a catch-all rule with an empty path (gRPC subscriptions without routes)', () => {
      expect(compileRoutes(subscription([{ match: '', path: '' }])).match(cloudEvent())).toBe('');
    });

    it('evaluates an expression with surrounding whitespace', () => {
      expect(compileRoutes(subscription([{ match: '  event.data.orderId == 1\n', path: 'one' }])).match(cloudEvent())).toBe('one');
    });

    it.each<[string, string]>([
      ['event.type ==', 'Unexpected token: EOF'],
      ['foo == 1', 'Unknown variable: foo'],
      ['1 + 1', 'evaluates to int, not bool'],
      ['"text"', 'evaluates to string, not bool'],
    ])('throws InvalidRouteError naming the subscription and expression for %j', (match, problem) => {
      const err = thrownBy(() => compileRoutes(subscription([{ match: 'event.type == "ok"', path: 'ok' }, { match, path: 'bad' }])));

      expect(isInvalidRouteError(err)).toBe(true);
      expect(err).toMatchObject({ name: 'InvalidRouteError', pubsubName: 'pubsub', topic: 'inventory', expression: match, path: 'bad', problem });
      expect((err as InvalidRouteError).message).toBe(
        `subscription to topic "inventory" on pubsub "pubsub": invalid match expression ${JSON.stringify(match)} for path "bad": ${problem}`,
      );
    });
  });

  describe('isInvalidRouteError()', () => {
    it('returns false for other errors', () => {
      expect(isInvalidRouteError(new Error('x'))).toBe(false);
      expect(isInvalidRouteError(undefined)).toBe(false);
    });
  });
});
