import { nopLogger } from '@dapr-ts/logger';
import { loadConfigurationFile, loadResources } from './load-resources';
import { isResourceError } from './resource-error';
import { tempResources, thrownBy, type TempResources } from './testing/temp-resources';

const appconfig = `apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: appconfig
spec:
  tracing:
    samplingRate: 1
    zipkin:
      endpointAddress: "http://\${ZIPKIN_HOST:-localhost}:9411/api/v2/spans"
  metric:
    enabled: true
  metrics:
    enabled: false
  secrets:
    scopes:
      - storeName: localstore
        defaultAccess: allow
        deniedSecrets: ["redis-password", "a-password"]
      - storeName: kubernetes
        defaultAccess: Deny
        allowedSecrets: ["redis-password"]
  nameResolution:
    component: "consul"
    configuration:
      client:
        address: "127.0.0.1:8500"
      selfRegister: true
  features:
    - name: ActorStateTTL
      enabled: true
    - name: HotReload
  api:
    allowed:
      - name: state
        version: v1.0
        protocol: HTTP
      - name: invoke
        version: v1
  accessControl:
    defaultAction: deny
    policies:
    - appId: app1
      defaultAction: allow
  httpPipeline:
    handlers:
    - name: oauth2
      type: middleware.http.oauth2
`;

describe('loadConfigurationFile()', () => {
  let temp: TempResources;
  beforeEach(() => {
    temp = tempResources();
  });
  afterEach(() => temp.remove());

  const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfigurationFile(temp.write('config.yaml', text), { env, logger: nopLogger() });
  const loadError = (text: string) => thrownBy(() => load(text));

  it('returns the typed spec with defaults, sorted secret lists and the metrics alias when given a full configuration', () => {
    const config = load(appconfig);
    expect(config).toEqual({
      kind: 'Configuration',
      name: 'appconfig',
      source: temp.path('config.yaml'),
      spec: {
        secrets: {
          scopes: [
            { storeName: 'localstore', defaultAccess: 'allow', allowedSecrets: [], deniedSecrets: ['a-password', 'redis-password'] },
            { storeName: 'kubernetes', defaultAccess: 'deny', allowedSecrets: ['redis-password'], deniedSecrets: [] },
          ],
        },
        nameResolution: { component: 'consul', configuration: { client: { address: '127.0.0.1:8500' }, selfRegister: true } },
        features: [
          { name: 'ActorStateTTL', enabled: true },
          { name: 'HotReload', enabled: false },
        ],
        api: {
          allowed: [
            { name: 'state', version: 'v1.0', protocol: 'http' },
            { name: 'invoke', version: 'v1' },
          ],
          denied: [],
        },
        tracing: { samplingRate: '1', stdout: false, zipkin: { endpointAddress: 'http://localhost:9411/api/v2/spans' } },
        metric: { enabled: false },
        accessControl: { defaultAction: 'deny', trustDomain: 'public', policies: [{ appId: 'app1', defaultAction: 'allow' }] },
        raw: expect.objectContaining({ httpPipeline: { handlers: [{ name: 'oauth2', type: 'middleware.http.oauth2' }] } }),
      },
    });
    expect((config.spec.raw['tracing'] as { zipkin: unknown }).zipkin).toEqual({ endpointAddress: 'http://localhost:9411/api/v2/spans' });
  });

  it('returns Dapr defaults when the spec is empty', () => {
    expect(load('apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: empty\nspec: {}\n').spec).toEqual({ secrets: { scopes: [] }, features: [], metric: { enabled: true }, raw: {} });
  });

  it('returns the default configuration when the file is empty', () => {
    expect(load('# nothing yet\n')).toEqual({ kind: 'Configuration', name: '', source: temp.path('config.yaml'), spec: { secrets: { scopes: [] }, features: [], metric: { enabled: true }, raw: {} } });
  });

  it.each([
    ['metric: {enabled: false}', false],
    ['metrics: {enabled: false}', false],
    ['metric: {enabled: false}\n  metrics: {recordErrorCodes: true}', false],
    ['metric: {enabled: false}\n  metrics: {enabled: "true"}', true],
    ['metrics: {}', true],
  ])('returns metric.enabled from %j as %j', (metric, enabled) => {
    expect(load(`kind: Configuration\nspec:\n  ${metric}\n`).spec.metric).toEqual({ enabled });
  });

  it('returns otel with isSecure true by default and the stdout flag when tracing sets them', () => {
    const config = load('kind: Configuration\nspec:\n  tracing:\n    stdout: true\n    otel:\n      endpointAddress: "${OTEL_HOST}:4317"\n      protocol: grpc\n', { OTEL_HOST: 'collector' });
    expect(config.spec.tracing).toEqual({ samplingRate: '', stdout: true, otel: { endpointAddress: 'collector:4317', protocol: 'grpc', isSecure: true } });
  });

  it('picks the Configuration document when the file also holds other documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n---\napiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: second\n';
    expect(load(text).name).toBe('second');
  });

  it.each([
    ['spec.secrets.scopes is a mapping', 'secrets:\n    scopes: {storeName: vault}', 'spec.secrets.scopes: must be a list of {storeName, defaultAccess, allowedSecrets, deniedSecrets}'],
    ['a secret scope has no storeName', 'secrets:\n    scopes:\n    - defaultAccess: deny', 'spec.secrets.scopes[0].storeName: is required'],
    ['a secret scope is a string', 'secrets:\n    scopes:\n    - vault', 'spec.secrets.scopes[0]: must be a mapping with a storeName'],
    ['a storeName is repeated', 'secrets:\n    scopes:\n    - storeName: vault\n    - storeName: vault', 'spec.secrets.scopes[1].storeName: "vault" is repeated in the secrets configuration'],
    ['defaultAccess is neither allow nor deny', 'secrets:\n    scopes:\n    - storeName: vault\n      defaultAccess: maybe', 'spec.secrets.scopes[0].defaultAccess: must be allow or deny, not "maybe"'],
    ['allowedSecrets is a string', 'secrets:\n    scopes:\n    - storeName: vault\n      allowedSecrets: a', 'spec.secrets.scopes[0].allowedSecrets: must be a list of strings'],
    ['features is a mapping', 'features: {HotReload: true}', 'spec.features: must be a list of {name, enabled}'],
    ['a feature has no name', 'features:\n  - enabled: true', 'spec.features[0].name: is required'],
    ['a feature flag is not a boolean', 'features:\n  - name: HotReload\n    enabled: 1', 'spec.features[0].enabled: must be true or false, not 1'],
    ['an api protocol is unknown', 'api:\n    denied:\n    - name: state\n      protocol: ws', 'spec.api.denied[0].protocol: must be http or grpc, not "ws"'],
    ['nameResolution.configuration is a list', 'nameResolution:\n    component: mdns\n    configuration: [a]', 'spec.nameResolution.configuration: must be a mapping'],
    ['metric is a string', 'metric: on', 'spec.metric: must be a mapping'],
    ['accessControl.policies is a mapping', 'accessControl:\n    policies: {appId: a}', 'spec.accessControl.policies: must be a list'],
    ['a variable is unset', 'tracing:\n    zipkin:\n      endpointAddress: ${ZIPKIN_URL}', 'spec.tracing.zipkin.endpointAddress: environment variable ZIPKIN_URL is not set (use ${ZIPKIN_URL:-default} to give a default)'],
  ])('throws a ResourceError naming the field when %s', (_case, spec, expected) => {
    const err = loadError(`apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: appconfig\nspec:\n  ${spec}\n`);
    expect([isResourceError(err), err.message]).toEqual([true, `${temp.path('config.yaml')}: Configuration "appconfig": ${expected}`]);
  });

  it('throws naming the file when it does not exist', () => {
    const missing = temp.path('missing.yaml');
    expect(thrownBy(() => loadConfigurationFile(missing, { env: {}, logger: nopLogger() })).message).toBe(`${missing}: configuration file does not exist`);
  });

  it('throws when the file holds no Configuration document', () => {
    expect(loadError('apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n').message).toBe(`${temp.path('config.yaml')}: holds no document of kind Configuration`);
  });
});

describe('loadResources()', () => {
  it('returns Configuration documents parsed when they are among the resources', () => {
    const temp = tempResources({ 'config.yaml': appconfig, 'store.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: s\nspec:\n  type: state.in-memory\n' });
    try {
      const loaded = loadResources([temp.root], { appId: 'myapp', env: { ZIPKIN_HOST: 'zipkin' }, logger: nopLogger() });
      expect(loaded.configurations.map((c) => [c.name, c.spec.secrets.scopes.map((s) => s.storeName), c.spec.tracing?.zipkin])).toEqual([
        ['appconfig', ['localstore', 'kubernetes'], { endpointAddress: 'http://zipkin:9411/api/v2/spans' }],
      ]);
      expect(loaded.components.map((c) => c.name)).toEqual(['s']);
    } finally {
      temp.remove();
    }
  });
});
