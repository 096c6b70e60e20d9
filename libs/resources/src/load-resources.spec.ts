import { nopLogger } from '@dapr-ts/logger';
import { loadResources, type LoadOptions } from './load-resources';
import { isResourceError } from './resource-error';
import { recordingLogger, tempResources, thrownBy, type TempResources } from './testing/temp-resources';

// Verbatim from docs.dapr.io, "How-To: Reference secrets in components".
const docsRedisWithSecret = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.redis
  version: v1
  metadata:
  - name: redisHost
    value: localhost:6379
  - name: redisPassword
    secretKeyRef:
      name: redis-secret
      key:  redis-password
auth:
  secretStore: <SECRET_STORE_NAME>
`;

// Verbatim from docs.dapr.io, "Local file (for Development)" secret store.
const docsLocalFileSecretStore = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: local-secret-store
spec:
  type: secretstores.local.file
  version: v1
  metadata:
  - name: secretsFile
    value: [path to the JSON file]
  - name: nestedSeparator
    value: ":"
  - name: multiValued
    value: "false"
`;

const component = (name: string, extra = ''): string => `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: state.in-memory
  version: v1
${extra}`;

const options = (overrides: Partial<LoadOptions> = {}): LoadOptions => ({ appId: 'myapp', env: {}, logger: nopLogger(), ...overrides });

describe('loadResources()', () => {
  let temp: TempResources;
  beforeEach(() => {
    temp = tempResources();
  });
  afterEach(() => temp.remove());

  describe('documented components', () => {
    it('returns the redis state store with its secretKeyRef and auth.secretStore when given the docs example', () => {
      const file = temp.write('statestore.yaml', docsRedisWithSecret);
      expect(loadResources([temp.root], options())).toEqual({
        components: [
          {
            kind: 'Component',
            apiVersion: 'dapr.io/v1alpha1',
            name: 'statestore',
            type: 'state.redis',
            version: 'v1',
            metadata: [
              { name: 'redisHost', value: 'localhost:6379' },
              { name: 'redisPassword', secretKeyRef: { name: 'redis-secret', key: 'redis-password' } },
            ],
            initTimeoutMs: 5000,
            ignoreErrors: false,
            secretStore: '<SECRET_STORE_NAME>',
            scopes: [],
            source: file,
          },
        ],
        configurations: [],
        others: [],
      });
    });

    it('returns the local file secret store with the flow-list value as JSON when given the docs example', () => {
      temp.write('secrets.yml', docsLocalFileSecretStore);
      const [store] = loadResources([temp.root], options()).components;
      expect(store?.type).toBe('secretstores.local.file');
      expect(store?.metadata).toEqual([
        { name: 'secretsFile', value: '["path to the JSON file"]' },
        { name: 'nestedSeparator', value: ':' },
        { name: 'multiValued', value: 'false' },
      ]);
    });
  });

  describe('files and documents', () => {
    it('returns components in path, file-name and document order when given folders and single files', () => {
      temp.write('a/b.yaml', component('b1') + '---\n' + component('b2'));
      temp.write('a/a.yml', component('a1'));
      temp.write('a/ignored.json', component('json'));
      temp.write('a/nested/deep.yaml', component('deep'));
      const single = temp.write('single.yaml', component('single'));
      const names = loadResources([temp.path('a'), single], options()).components.map((c) => c.name);
      expect(names).toEqual(['a1', 'b1', 'b2', 'single']);
    });

    it('skips empty documents and non-Dapr documents with a debug log when they sit beside components', () => {
      const logger = recordingLogger();
      temp.write(
        'mixed.yaml',
        '---\n# just a comment\n---\n' +
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\n' +
          'apiVersion: dapr.io/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\n---\n' +
          component('store'),
      );
      const loaded = loadResources([temp.root], options({ logger }));
      expect(loaded.components.map((c) => c.name)).toEqual(['store']);
      expect(logger.lines).toEqual([
        { level: 'debug', msg: `Skipping document 1 in ${temp.path('mixed.yaml')}: not a Dapr resource (apiVersion apps/v1, kind Deployment)` },
        { level: 'debug', msg: `Skipping document 2 in ${temp.path('mixed.yaml')}: not a Dapr resource (apiVersion dapr.io/v1alpha1, kind Gadget)` },
      ]);
    });

    it('returns Subscription, Resiliency and HTTPEndpoint documents raw when they are among the resources', () => {
      const file = temp.write(
        'others.yaml',
        'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: orders\nspec:\n  topic: orders\n  routes:\n    default: /orders\n  pubsubname: pubsub\nscopes:\n- myapp\n---\n' +
          'apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: res\n  namespace: prod\nspec:\n  policies:\n    timeouts:\n      general: 5s\n---\n' +
          'apiVersion: dapr.io/v1alpha1\nkind: HTTPEndpoint\nmetadata:\n  name: github\nspec:\n  baseUrl: https://api.github.com\n',
      );
      expect(loadResources([file], options()).others).toEqual([
        { kind: 'Subscription', apiVersion: 'dapr.io/v2alpha1', name: 'orders', scopes: ['myapp'], spec: { topic: 'orders', routes: { default: '/orders' }, pubsubname: 'pubsub' }, source: file },
        { kind: 'Resiliency', apiVersion: 'dapr.io/v1alpha1', name: 'res', namespace: 'prod', scopes: [], spec: { policies: { timeouts: { general: '5s' } } }, source: file },
        { kind: 'HTTPEndpoint', apiVersion: 'dapr.io/v1alpha1', name: 'github', scopes: [], spec: { baseUrl: 'https://api.github.com' }, source: file },
      ]);
    });

    it('keeps dates as written and applies YAML merge keys when parsing values', () => {
      temp.write('c.yaml', component('store', '  metadata:\n  - name: since\n    value: 2024-01-01\n  - &base { name: ttl, value: 10 }\n  - <<: *base\n    name: ttl2\n'));
      expect(loadResources([temp.root], options()).components[0]?.metadata).toEqual([
        { name: 'since', value: '2024-01-01' },
        { name: 'ttl', value: '10' },
        { name: 'ttl2', value: '10' },
      ]);
    });

    it('throws naming the path when a resources path does not exist', () => {
      const missing = temp.path('nope');
      const err = thrownBy(() => loadResources([missing], options()));
      expect([isResourceError(err), err.message]).toEqual([true, `${missing}: resources path does not exist`]);
    });

    it('throws with line and column when a file is not valid YAML', () => {
      const file = temp.write('bad.yaml', 'apiVersion: dapr.io/v1alpha1\nkind: Component\n metadata: x\n');
      const err = thrownBy(() => loadResources([temp.root], options()));
      expect([isResourceError(err), err.message]).toEqual([true, `${file}: invalid YAML at line 3, column 10: bad indentation of a mapping entry`]);
    });
  });

  describe('filtering', () => {
    it('skips a component with a debug log when its scopes do not include the app id', () => {
      const logger = recordingLogger();
      const file = temp.write('c.yaml', component('mine', 'scopes:\n- myapp\n- other\n') + '---\n' + component('theirs', 'scopes: [other]\n'));
      const loaded = loadResources([temp.root], options({ logger }));
      expect(loaded.components.map((c) => [c.name, c.scopes])).toEqual([['mine', ['myapp', 'other']]]);
      expect(logger.lines).toEqual([{ level: 'debug', msg: `Skipping component "theirs" in ${file}: it is scoped to other apps`, fields: { component: 'theirs' } }]);
    });

    it('does not validate a component when it is scoped to other apps', () => {
      temp.write('c.yaml', component('theirs', '  metadata:\n  - name: host\n    value: ${UNSET_HOST}\nscopes: [other]\n'));
      expect(loadResources([temp.root], options()).components).toEqual([]);
    });

    it('skips resources of another namespace when a namespace is set', () => {
      temp.write(
        'c.yaml',
        component('plain') +
          '---\n' +
          component('same').replace('  name: same', '  name: same\n  namespace: prod') +
          '---\n' +
          component('other').replace('  name: other', '  name: other\n  namespace: dev') +
          '---\napiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: devconfig\n  namespace: dev\n',
      );
      const loaded = loadResources([temp.root], options({ namespace: 'prod' }));
      expect(loaded.components.map((c) => [c.name, c.namespace])).toEqual([
        ['plain', undefined],
        ['same', 'prod'],
      ]);
      expect(loaded.configurations).toEqual([]);
    });

    it('keeps every namespace when no namespace is set', () => {
      temp.write('c.yaml', component('other').replace('  name: other', '  name: other\n  namespace: dev'));
      expect(loadResources([temp.root], options()).components.map((c) => c.namespace)).toEqual(['dev']);
    });
  });

  describe('duplicates and ignoreErrors', () => {
    it('throws naming both files when two files define the same component name', () => {
      const first = temp.write('a.yaml', component('store'));
      const second = temp.write('b.yaml', component('store'));
      expect(thrownBy(() => loadResources([temp.root], options())).message).toBe(
        `${second}: Component "store": metadata.name: duplicate name: a component with this name is already defined in ${first}`,
      );
    });

    it('accepts the same name twice when one of them is scoped to another app', () => {
      temp.write('a.yaml', component('store', 'scopes: [other]\n'));
      temp.write('b.yaml', component('store', 'scopes: [myapp]\n'));
      expect(loadResources([temp.root], options()).components.map((c) => c.source)).toEqual([temp.path('b.yaml')]);
    });

    it('skips a malformed component with a warning when its spec.ignoreErrors is true', () => {
      const logger = recordingLogger();
      const file = temp.write('a.yaml', component('broken', '  initTimeout: soon\n  ignoreErrors: true\n') + '---\n' + component('fine'));
      const loaded = loadResources([temp.root], options({ logger }));
      expect(loaded.components.map((c) => c.name)).toEqual(['fine']);
      expect(logger.lines).toEqual([
        {
          level: 'warn',
          msg: `${file}: Component "broken": spec.initTimeout: "soon" is not a duration (use e.g. 5s, 1m30s or PT5S); skipping the component because its spec.ignoreErrors is true`,
          fields: { component: 'broken' },
        },
      ]);
    });

    it('skips a component with a missing variable when its spec.ignoreErrors is "true"', () => {
      temp.write('a.yaml', component('broken', '  ignoreErrors: "true"\n  metadata:\n  - name: host\n    value: ${UNSET_HOST}\n'));
      expect(loadResources([temp.root], options()).components).toEqual([]);
    });

    it('returns ignoreErrors true and the parsed initTimeout when a valid component sets them', () => {
      temp.write('a.yaml', component('ok', '  ignoreErrors: true\n  initTimeout: 1m30s\n'));
      const [ok] = loadResources([temp.root], options()).components;
      expect([ok?.ignoreErrors, ok?.initTimeoutMs]).toEqual([true, 90_000]);
    });

    it('returns the ISO initTimeout in milliseconds when it is given as PT2S', () => {
      temp.write('a.yaml', component('ok', '  initTimeout: PT2S\n'));
      expect(loadResources([temp.root], options()).components[0]?.initTimeoutMs).toBe(2000);
    });
  });
});
