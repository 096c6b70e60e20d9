import { nopLogger } from '@dapr-ts/logger';
import { expandEnvReferences } from './expand-env-references';
import { loadResources } from './load-resources';
import { isResourceError, type ResourceError } from './resource-error';
import { tempResources, thrownBy, type TempResources } from './testing/temp-resources';

const env = { REDIS_HOST: 'redis:6379', EMPTY: '', SECRET: 'redis-secret', QUOTE: 'say "hi"' };

describe('expandEnvReferences()', () => {
  it.each([
    ['${REDIS_HOST}', 'redis:6379'],
    ['tcp://${REDIS_HOST}/0', 'tcp://redis:6379/0'],
    ['${REDIS_HOST}+${SECRET}', 'redis:6379+redis-secret'],
    ['${EMPTY}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${REDIS_HOST:-fallback}', 'redis:6379'],
    ['${UNSET:-}', ''],
    ['$${REDIS_HOST}', '${REDIS_HOST}'],
    ['$${UNSET:-x}', '${UNSET:-x}'],
    ['$REDIS_HOST', '$REDIS_HOST'],
    ['price: 5$', 'price: 5$'],
    ['${1BAD}', '${1BAD}'],
    ['${unterminated', '${unterminated'],
  ])('returns %j as %j', (text, expected) => {
    expect(expandEnvReferences(text, env, 'components/redis.yaml')).toBe(expected);
  });

  it('throws a ResourceError naming the variable and where when it is unset without default', () => {
    const err = thrownBy(() => expandEnvReferences('${NOPE}', env, 'components/redis.yaml')) as ResourceError;
    expect([isResourceError(err), err.file, err.message]).toEqual([
      true,
      'components/redis.yaml',
      'components/redis.yaml: environment variable NOPE is not set (use ${NOPE:-default} to give a default)',
    ]);
  });
});

describe('loadResources()', () => {
  let temp: TempResources;
  beforeEach(() => {
    temp = tempResources();
  });
  afterEach(() => temp.remove());

  const load = (items: string, tail = '') => {
    temp.write('c.yaml', `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: store\nspec:\n  type: state.redis\n  metadata:\n${items}${tail}`);
    return loadResources([temp.root], { appId: 'myapp', env, logger: nopLogger() });
  };
  const metadataOf = (items: string) => load(items).components[0]?.metadata;

  describe('metadata values', () => {
    it('expands references, defaults and escapes when values hold ${...}', () => {
      expect(metadataOf('  - name: redisHost\n    value: ${REDIS_HOST}\n  - name: db\n    value: ${REDIS_DB:-0}\n  - name: template\n    value: $${REDIS_HOST}\n  - name: plain\n    value: cost$5\n')).toEqual([
        { name: 'redisHost', value: 'redis:6379' },
        { name: 'db', value: '0' },
        { name: 'template', value: '${REDIS_HOST}' },
        { name: 'plain', value: 'cost$5' },
      ]);
    });

    it('expands the name and key of a secretKeyRef when they hold references', () => {
      expect(metadataOf('  - name: redisPassword\n    secretKeyRef:\n      name: ${SECRET}\n      key: ${KEY:-password}\n')).toEqual([
        { name: 'redisPassword', secretKeyRef: { name: 'redis-secret', key: 'password' } },
      ]);
    });

    it('resolves an envRef into the value right away', () => {
      expect(metadataOf('  - name: redisHost\n    envRef: REDIS_HOST\n  - name: empty\n    envRef: EMPTY\n')).toEqual([
        { name: 'redisHost', value: 'redis:6379', envRef: 'REDIS_HOST' },
        { name: 'empty', value: '', envRef: 'EMPTY' },
      ]);
    });

    it('throws naming file, component, field and variable when a referenced variable is unset', () => {
      const err = thrownBy(() => metadataOf('  - name: redisHost\n    value: ${REDIS_HOSTNAME}\n')) as ResourceError;
      expect([err.field, err.message]).toEqual([
        'spec.metadata[redisHost]',
        `${temp.path('c.yaml')}: Component "store": spec.metadata[redisHost]: environment variable REDIS_HOSTNAME is not set (use \${REDIS_HOSTNAME:-default} to give a default)`,
      ]);
    });

    it('throws naming the field when a secretKeyRef references an unset variable', () => {
      const err = thrownBy(() => metadataOf('  - name: redisPassword\n    secretKeyRef:\n      name: ${VAULT_PATH}\n'));
      expect(err.message).toBe(`${temp.path('c.yaml')}: Component "store": spec.metadata[redisPassword]: environment variable VAULT_PATH is not set (use \${VAULT_PATH:-default} to give a default)`);
    });

    it('throws naming the field when an envRef variable is unset', () => {
      const err = thrownBy(() => metadataOf('  - name: redisHost\n    envRef: NOT_THERE\n'));
      expect(err.message).toBe(`${temp.path('c.yaml')}: Component "store": spec.metadata[redisHost]: environment variable NOT_THERE is not set`);
    });

    it('stringifies numbers, booleans, null and missing values when values are not strings', () => {
      expect(metadataOf('  - name: port\n    value: 6379\n  - name: ratio\n    value: 0.5\n  - name: tls\n    value: true\n  - name: nothing\n    value: null\n  - name: missing\n  - name: quoted\n    value: "007"\n')).toEqual([
        { name: 'port', value: '6379' },
        { name: 'ratio', value: '0.5' },
        { name: 'tls', value: 'true' },
        { name: 'nothing', value: '' },
        { name: 'missing', value: '' },
        { name: 'quoted', value: '007' },
      ]);
    });

    it('returns compact JSON with sorted keys when a value is a mapping or a list', () => {
      expect(metadataOf('  - name: routes\n    value:\n      zeta: 1\n      alpha: [b, {y: 2, x: 1}]\n  - name: hosts\n    value: [a, 1, true]\n')).toEqual([
        { name: 'routes', value: '{"alpha":["b",{"x":1,"y":2}],"zeta":1}' },
        { name: 'hosts', value: '["a",1,true]' },
      ]);
    });

    it('expands string leaves but not keys, JSON-escaping the result, when a mapping value holds references', () => {
      expect(metadataOf('  - name: headers\n    value:\n      ${REDIS_HOST}: ${QUOTE}\n')).toEqual([{ name: 'headers', value: '{"${REDIS_HOST}":"say \\"hi\\""}' }]);
    });
  });
});
