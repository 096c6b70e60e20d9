import { nopLogger } from '@dapr-ts/logger';
import { loadResources } from './load-resources';
import { isResourceError, type ResourceError } from './resource-error';
import { tempResources, thrownBy, type TempResources } from './testing/temp-resources';

const header = 'apiVersion: dapr.io/v1alpha1\nkind: Component\n';
const named = (name: string, spec: string, tail = ''): string => `${header}metadata:\n  name: ${name}\nspec:\n${spec}${tail}`;
const typed = (spec: string, tail = ''): string => named('store', `  type: state.redis\n${spec}`, tail);
const categories = 'state, pubsub, bindings, secretstores, configuration, lock, crypto, middleware, nameresolution, conversation, workflow';

describe('loadResources()', () => {
  let temp: TempResources;
  beforeEach(() => {
    temp = tempResources();
  });
  afterEach(() => temp.remove());

  const load = (text: string) => {
    temp.write('component.yaml', text);
    return loadResources([temp.root], { appId: 'myapp', env: {}, logger: nopLogger() });
  };

  describe('component validation', () => {
    it.each([
      ['metadata.name is missing', `${header}metadata: {}\nspec:\n  type: state.redis\n`, 'Component: metadata.name: is required'],
      ['metadata.name is empty', `${header}metadata:\n  name: ""\nspec:\n  type: state.redis\n`, 'Component: metadata.name: is required'],
      ['metadata.name is not a string', named('42', '  type: state.redis\n'), 'Component: metadata.name: must be a string'],
      ['metadata.name holds a slash', named('a/b', '  type: state.redis\n'), `Component "a/b": metadata.name: "a/b" may not contain '/'`],
      ['metadata.name holds a percent sign', named('a%20b', '  type: state.redis\n'), `Component "a%20b": metadata.name: "a%20b" may not contain '%'`],
      ['metadata.name is ..', named('..', '  type: state.redis\n'), `Component "..": metadata.name: may not be '..'`],
      ['metadata.name holds a space', named('"my store"', '  type: state.redis\n'), 'Component "my store": metadata.name: "my store" may not contain whitespace'],
      ['spec is missing', `${header}metadata:\n  name: store\n`, 'Component "store": spec: is required and must be a mapping'],
      ['spec.type is missing', named('store', '  version: v1\n'), 'Component "store": spec.type: is required'],
      ['spec.type is not a string', named('store', '  type: [state.redis]\n'), 'Component "store": spec.type: must be a string'],
      ['spec.type has no category', named('store', '  type: redis\n'), `Component "store": spec.type: "redis" is not of the form <category>.<name> with category one of ${categories}`],
      ['spec.type has an unknown category', named('store', '  type: cache.redis\n'), `Component "store": spec.type: "cache.redis" is not of the form <category>.<name> with category one of ${categories}`],
      ['spec.type has no name', named('store', '  type: state.\n'), `Component "store": spec.type: "state." is not of the form <category>.<name> with category one of ${categories}`],
      ['spec.version is a mapping', named('store', '  type: state.redis\n  version: {major: 1}\n'), 'Component "store": spec.version: must be a string'],
      ['spec.metadata is a mapping', typed('  metadata:\n    redisHost: localhost\n'), 'Component "store": spec.metadata: must be a list of {name, value | secretKeyRef | envRef} items'],
      ['a metadata item is a string', typed('  metadata:\n  - redisHost\n'), 'Component "store": spec.metadata[0]: must be a mapping with a name'],
      ['a metadata item has no name', typed('  metadata:\n  - name: a\n    value: x\n  - value: localhost\n'), 'Component "store": spec.metadata[1].name: is required'],
      ['a metadata name is not a string', typed('  metadata:\n  - name: {a: 1}\n'), 'Component "store": spec.metadata[0].name: must be a string'],
      ['a secretKeyRef is a string', typed('  metadata:\n  - name: redisPassword\n    secretKeyRef: redis-secret\n'), 'Component "store": spec.metadata[redisPassword].secretKeyRef: must be a mapping with name and key'],
      ['a secretKeyRef has no name', typed('  metadata:\n  - name: redisPassword\n    secretKeyRef:\n      key: redis-password\n'), 'Component "store": spec.metadata[redisPassword].secretKeyRef.name: is required'],
      ['a secretKeyRef key is not a string', typed('  metadata:\n  - name: redisPassword\n    secretKeyRef:\n      name: s\n      key: [k]\n'), 'Component "store": spec.metadata[redisPassword].secretKeyRef.key: must be a string'],
      ['an envRef is not a string', typed('  metadata:\n  - name: redisHost\n    envRef: [REDIS_HOST]\n'), 'Component "store": spec.metadata[redisHost].envRef: must be the name of an environment variable'],
      ['spec.initTimeout is not a duration', typed('  initTimeout: soon\n'), 'Component "store": spec.initTimeout: "soon" is not a duration (use e.g. 5s, 1m30s or PT5S)'],
      ['spec.initTimeout is a bare number', typed('  initTimeout: 5\n'), 'Component "store": spec.initTimeout: 5 is not a duration (use e.g. 5s, 1m30s or PT5S)'],
      ['spec.initTimeout is negative', typed('  initTimeout: -5s\n'), 'Component "store": spec.initTimeout: "-5s" is not a duration (use e.g. 5s, 1m30s or PT5S)'],
      ['scopes is a string', typed('', 'scopes: myapp\n'), 'Component "store": scopes: must be a list of strings'],
      ['scopes holds a number', typed('', 'scopes:\n- 1\n'), 'Component "store": scopes: must be a list of strings'],
      ['auth.secretStore is not a string', typed('', 'auth:\n  secretStore: [vault]\n'), 'Component "store": auth.secretStore: must be a string'],
    ])('throws a ResourceError when %s', (_case, text, expected) => {
      const err = thrownBy(() => load(text));
      expect([isResourceError(err), err.message]).toEqual([true, `${temp.path('component.yaml')}: ${expected}`]);
    });

    it('sets file, resource and field on the error when a field is invalid', () => {
      const err = thrownBy(() => load(typed('  initTimeout: soon\n'))) as ResourceError;
      expect({ name: err.name, file: err.file, resource: err.resource, field: err.field, problem: err.problem }).toEqual({
        name: 'ResourceError',
        file: temp.path('component.yaml'),
        resource: 'Component "store"',
        field: 'spec.initTimeout',
        problem: '"soon" is not a duration (use e.g. 5s, 1m30s or PT5S)',
      });
    });

    it.each([
      ['state.redis', ''],
      ['pubsub.kafka', 'v1'],
      ['middleware.http.ratelimit', 'v1'],
      ['secretstores.local.env', 'v1'],
      ['nameresolution.mdns', 'v1'],
      ['conversation.openai', 'v1'],
      ['workflow.dapr', 'v1'],
    ])('returns type %s when it is of the form <category>.<name>', (type, version) => {
      const [store] = load(named('store', `  type: ${type}\n${version ? `  version: ${version}\n` : ''}`)).components;
      expect([store?.type, store?.version]).toEqual([type, version]);
    });

    it('defaults the secretKeyRef key to its name when the key is left out', () => {
      const [store] = load(typed('  metadata:\n  - name: redisPassword\n    secretKeyRef:\n      name: redis-password\n')).components;
      expect(store?.metadata).toEqual([{ name: 'redisPassword', secretKeyRef: { name: 'redis-password', key: 'redis-password' } }]);
    });

    it('returns names with upper case, dots and underscores when daprd accepts them', () => {
      const [store] = load(named('My_State.Store', '  type: state.redis\n')).components;
      expect(store?.name).toBe('My_State.Store');
    });
  });
});
