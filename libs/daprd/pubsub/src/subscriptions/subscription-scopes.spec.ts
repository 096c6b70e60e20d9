import { isMetadataError } from '@dapr-ts/components-common';
import { TopicScopes } from './subscription-scopes';

type Table = Record<string, Record<string, boolean>>;

/** Every (app, topic) cell of a docs table, for it.each. */
const cells = (table: Table): [string, string, boolean][] =>
  Object.entries(table).flatMap(([app, row]) => Object.entries(row).map(([topic, allowed]): [string, string, boolean] => [app, topic, allowed]));

// The examples and tables of docs.dapr.io "Scope Pub/sub topic access".
const docsExamples: { name: string; metadata: Record<string, string>; publish: Table; subscribe: Table }[] = [
  {
    name: 'example 1: scope topic access',
    metadata: { redisHost: 'localhost:6379', redisPassword: '', publishingScopes: 'app1=topic1;app2=topic2,topic3;app3=', subscriptionScopes: 'app2=;app3=topic1' },
    publish: {
      app1: { topic1: true, topic2: false, topic3: false },
      app2: { topic1: false, topic2: true, topic3: true },
      app3: { topic1: false, topic2: false, topic3: false },
    },
    subscribe: {
      // app1 is not listed in subscriptionScopes: every topic, also ones not in the table.
      app1: { topic1: true, topic2: true, topic3: true, topic4: true },
      app2: { topic1: false, topic2: false, topic3: false },
      app3: { topic1: true, topic2: false, topic3: false },
    },
  },
  {
    name: 'example 2: limit allowed topics',
    metadata: { allowedTopics: 'topic1,topic2,topic3' },
    publish: { app1: { topic1: true, topic2: true, topic3: true, topic4: false } },
    subscribe: { app1: { topic1: true, topic2: true, topic3: true, topic4: false } },
  },
  {
    name: 'example 3: combine allowedTopics and scopes',
    metadata: { allowedTopics: 'A,B', publishingScopes: 'app1=A', subscriptionScopes: 'app1=;app2=A' },
    publish: {
      app1: { A: true, B: false, C: false },
      app2: { A: true, B: true, C: false },
      app3: { A: true, B: true, C: false },
    },
    subscribe: {
      app1: { A: false, B: false, C: false },
      app2: { A: true, B: false, C: false },
      app3: { A: true, B: true, C: false },
    },
  },
  {
    name: 'example 4: mark topics as protected',
    metadata: { protectedTopics: 'A,B', publishingScopes: 'app1=A,B;app2=B', subscriptionScopes: 'app1=A,B;app2=B' },
    publish: {
      app1: { A: true, B: true, C: false },
      app2: { A: false, B: true, C: false },
      app3: { A: false, B: false, C: true },
    },
    subscribe: {
      app1: { A: true, B: true, C: false },
      app2: { A: false, B: true, C: false },
      app3: { A: false, B: false, C: true },
    },
  },
];

describe('TopicScopes', () => {
  describe.each(docsExamples)('docs $name', ({ metadata, publish, subscribe }) => {
    describe('.canPublish()', () => {
      it.each(cells(publish))('returns for %s publishing to %s: %s', (app, topic, allowed) => {
        expect(new TopicScopes(metadata, app).canPublish(topic)).toBe(allowed);
      });
    });

    describe('.canSubscribe()', () => {
      it.each(cells(subscribe))('returns for %s subscribing to %s: %s', (app, topic, allowed) => {
        expect(new TopicScopes(metadata, app).canSubscribe(topic)).toBe(allowed);
      });
    });
  });

  describe('.canPublish()', () => {
    it('returns true for every topic when no scope metadata is set', () => {
      const scopes = new TopicScopes({ redisHost: 'localhost:6379' }, 'app1');

      expect([scopes.canPublish('a'), scopes.canSubscribe('a')]).toEqual([true, true]);
    });

    it('returns true for every topic when the scope values are blank', () => {
      const scopes = new TopicScopes({ publishingScopes: ' ', allowedTopics: '', protectedTopics: '' }, 'app1');

      expect(scopes.canPublish('a')).toBe(true);
    });

    it('returns false for every topic when allowedTopics is set but lists none', () => {
      expect(new TopicScopes({ allowedTopics: ',' }, 'app1').canPublish('a')).toBe(false);
    });

    it('returns the topics of every entry when an app is listed twice', () => {
      const scopes = new TopicScopes({ publishingScopes: 'app1=a;app2=b;app1=c' }, 'app1');

      expect([scopes.canPublish('a'), scopes.canPublish('b'), scopes.canPublish('c')]).toEqual([true, false, true]);
    });

    it('ignores whitespace and empty entries', () => {
      const scopes = new TopicScopes({ publishingScopes: ' app1 = a , b ;\n app2=c ; ' }, 'app1');

      expect([scopes.canPublish('a'), scopes.canPublish('b'), scopes.canPublish('c')]).toEqual([true, true, false]);
    });

    it('returns false for a protected topic outside allowedTopics even with a grant', () => {
      const scopes = new TopicScopes({ allowedTopics: 'a', protectedTopics: 'b', publishingScopes: 'app1=a,b' }, 'app1');

      expect([scopes.canPublish('a'), scopes.canPublish('b')]).toEqual([true, false]);
    });

    it('reads the metadata names whatever their case', () => {
      expect(new TopicScopes({ PUBLISHINGSCOPES: 'app1=a' }, 'app1').canPublish('b')).toBe(false);
    });

    it('matches app ids and topics case-sensitively', () => {
      const scopes = new TopicScopes({ publishingScopes: 'App1=a' }, 'app1');

      expect([scopes.canPublish('A'), new TopicScopes({ publishingScopes: 'app1=a' }, 'app1').canPublish('A')]).toEqual([true, false]);
    });
  });

  describe('constructor', () => {
    it.each([
      ['publishingScopes', 'app1=a;app2'],
      ['subscriptionScopes', '=a'],
    ])('throws a MetadataError naming %s when an entry has no app id or "="', (name, value) => {
      let thrown: unknown;
      try {
        new TopicScopes({ [name]: value }, 'app9');
      } catch (err) {
        thrown = err;
      }

      expect(isMetadataError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ field: name });
    });
  });
});
