import type { LockStore } from '@dapr-ts/components-lock';
import type { BindingComponent } from '@dapr-ts/components-bindings';
import type { PubSub } from '@dapr-ts/components-pubsub';
import { ComponentRegistry, type ComponentMetadata } from '@dapr-ts/components-common';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';
import type { LogFields, Logger } from '@dapr-ts/logger';
import type { ComponentResource } from '@dapr-ts/resources';
import { LocalEnvSecretStore } from '@dapr-ts/secretstores-local-env';
import { LocalFileSecretStore } from '@dapr-ts/secretstores-local-file';
import { CronBinding } from '@dapr-ts/bindings-cron';
import { LocalStorageBinding } from '@dapr-ts/bindings-localstorage';
import { InMemoryPubSub } from '@dapr-ts/pubsub-in-memory';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { tmpdir } from 'node:os';
import { ComponentLoadError } from './component-error';
import type { ComponentRegistries } from './component-registries';
import { loadComponents } from './load-components';

const Source = '/res/components.yaml';

/** The real in-memory store, recording what it is initialised with and whether it was closed. */
class RecordingStateStore extends InMemoryStateStore {
  static inits: ComponentMetadata[] = [];
  static closed: string[] = [];
  private name = '';

  override async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    this.name = metadata.name;
    RecordingStateStore.inits.push(metadata);
    await super.init(metadata, signal);
  }

  override async close(): Promise<void> {
    RecordingStateStore.closed.push(this.name);
    await super.close();
  }
}

/** The real in-memory broker, recording its init metadata. */
class RecordingPubSub extends InMemoryPubSub {
  static inits: ComponentMetadata[] = [];
  override async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    RecordingPubSub.inits.push(metadata);
    await super.init(metadata, signal);
  }
}

/** A state store whose init never finishes, for the init timeout. */
class HangingStateStore extends InMemoryStateStore {
  override init(): Promise<void> {
    return new Promise<void>(() => undefined);
  }
}

/** Collects warnings; every other level is dropped. */
function recordingLogger(warnings: { msg: string; fields: LogFields | undefined }[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => warnings.push({ msg, fields }),
    error: () => undefined,
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

const component = (over: Partial<ComponentResource> & Pick<ComponentResource, 'name' | 'type'>): ComponentResource => ({
  kind: 'Component',
  apiVersion: 'dapr.io/v1alpha1',
  version: 'v1',
  metadata: [],
  initTimeoutMs: 5000,
  ignoreErrors: false,
  scopes: [],
  source: Source,
  ...over,
});

const envSecrets = component({ name: 'envsecrets', type: 'secretstores.local.env' });

describe('loadComponents()', () => {
  let registries: ComponentRegistries;
  let warnings: { msg: string; fields: LogFields | undefined }[];

  beforeEach(() => {
    RecordingStateStore.inits = [];
    RecordingStateStore.closed = [];
    warnings = [];
    const state = new ComponentRegistry<StateStore>('state');
    state.register('state.in-memory', () => new InMemoryStateStore());
    state.register('state.recording', () => new RecordingStateStore());
    state.register('state.hanging', () => new HangingStateStore());
    const secretstores = new ComponentRegistry<SecretStore>('secretstores');
    secretstores.register('secretstores.local.env', (logger) => new LocalEnvSecretStore({ env: { DB_PASSWORD: 'pw', PREFIX: 'shared' }, logger }));
    secretstores.register('secretstores.local.file', () => new LocalFileSecretStore());
    const pubsub = new ComponentRegistry<PubSub>('pubsub');
    pubsub.register('pubsub.in-memory', () => new RecordingPubSub());
    const bindings = new ComponentRegistry<BindingComponent>('bindings');
    bindings.register('bindings.cron', (logger) => new CronBinding({ logger }));
    bindings.register('bindings.localstorage', () => new LocalStorageBinding());
    registries = { state, secretstores, pubsub, bindings, lock: new ComponentRegistry<LockStore>('lock') };
  });

  const load = (resources: ComponentResource[], namespace?: string) =>
    loadComponents(resources, { appId: 'myapp', namespace, registries, logger: recordingLogger(warnings), signal: new AbortController().signal });

  /** The ComponentLoadError a load rejects with. */
  async function loadError(resources: ComponentResource[]): Promise<ComponentLoadError> {
    const err = await load(resources).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof ComponentLoadError)) throw new Error(`expected a ComponentLoadError, got ${String(err)}`);
    return err;
  }

  it('loads an in-memory state store with the app id prefix and the ACTOR capability', async () => {
    const store = await load([component({ name: 'statestore', type: 'state.in-memory' })]);
    expect(store.list()).toEqual([{ name: 'statestore', type: 'state.in-memory', version: 'v1', capabilities: ['ETAG', 'TRANSACTIONAL', 'TTL', 'ACTOR'] }]);
    expect(store.state.get('statestore')?.prefix).toBe('myapp||');
    expect([store.state.any(), store.secrets.any()]).toEqual([true, false]);
    await store.close(() => undefined);
  });

  it('gives a pub/sub the app id as consumerID and its topic scopes', async () => {
    RecordingPubSub.inits = [];
    const store = await load([
      component({ name: 'pubsub', type: 'pubsub.in-memory', metadata: [{ name: 'publishingScopes', value: 'myapp=orders' }] }),
      component({ name: 'named', type: 'pubsub.in-memory', metadata: [{ name: 'consumerID', value: '{namespace}-{appID}' }] }),
    ], 'prod');
    expect(RecordingPubSub.inits.map((m) => m.properties['consumerID'])).toEqual(['myapp', 'prod-myapp']);
    expect([store.pubsub.get('pubsub')?.access.canPublish('orders'), store.pubsub.get('pubsub')?.access.canPublish('payments')]).toEqual([true, false]);
    expect(store.list().map((c) => [c.name, c.capabilities])).toEqual([
      ['pubsub', ['BULK_PUBLISH']],
      ['named', ['BULK_PUBLISH']],
    ]);
    await store.close(() => undefined);
  });

  it('registers bindings by what they implement and their direction and route', async () => {
    const store = await load([
      component({ name: 'ticker', type: 'bindings.cron', metadata: [{ name: 'schedule', value: '@every 1m' }, { name: 'route', value: '/on-tick' }] }),
      component({ name: 'files', type: 'bindings.localstorage', metadata: [{ name: 'rootPath', value: tmpdir() }, { name: 'direction', value: 'output' }] }),
    ]);
    expect(store.bindings.inputs().map((b) => [b.name, b.route])).toEqual([['ticker', 'on-tick']]);
    expect([store.bindings.output('files') !== undefined, store.bindings.output('ticker')]).toEqual([true, undefined]);
    expect(store.list().map((c) => [c.name, c.capabilities])).toEqual([
      ['ticker', ['INPUT_BINDING']],
      ['files', ['OUTPUT_BINDING']],
    ]);
    await store.close(() => undefined);
  });

  it('refuses a direction the binding cannot serve, naming the field', async () => {
    const err = await loadError([component({ name: 'files', type: 'bindings.localstorage', metadata: [{ name: 'rootPath', value: tmpdir() }, { name: 'direction', value: 'input' }] })]);
    expect(err.message).toBe(`${Source}: Component "files": spec.metadata[direction]: bindings.localstorage can't be an input binding`);
  });

  it('reports an empty version as v1', async () => {
    const store = await load([component({ name: 'statestore', type: 'state.in-memory', version: '' })]);
    expect(store.list()[0]?.version).toBe('v1');
    await store.close(() => undefined);
  });

  it('passes the name, app id, namespace and resolved properties to init', async () => {
    const store = await load(
      [
        component({
          name: 'rec',
          type: 'state.recording',
          secretStore: 'envsecrets',
          metadata: [
            { name: 'plain', value: '1' },
            { name: 'empty' },
            { name: 'password', secretKeyRef: { name: 'DB_PASSWORD', key: '' } },
          ],
        }),
        envSecrets,
      ],
      'prod',
    );
    expect(RecordingStateStore.inits).toEqual([{ name: 'rec', appId: 'myapp', namespace: 'prod', properties: { plain: '1', empty: '', password: 'pw' } }]);
    expect(store.state.get('rec')?.prefix).toBe('myapp||');
    await store.close(() => undefined);
  });

  it('resolves a secretKeyRef through a secret store listed after the state store', async () => {
    const store = await load([
      component({ name: 'statestore', type: 'state.in-memory', secretStore: 'envsecrets', metadata: [{ name: 'keyPrefix', secretKeyRef: { name: 'PREFIX', key: 'PREFIX' } }] }),
      envSecrets,
    ]);
    expect(store.state.get('statestore')?.prefix).toBe('shared||');
    expect(store.list().map((c) => c.name)).toEqual(['envsecrets', 'statestore']);
    expect(store.secrets.get('envsecrets')).toBeDefined();
    await store.close(() => undefined);
  });

  it('applies the namespace keyPrefix strategy with the sidecar namespace', async () => {
    const store = await load([component({ name: 'statestore', type: 'state.in-memory', metadata: [{ name: 'keyPrefix', value: 'namespace' }] })], 'prod');
    expect(store.state.get('statestore')?.prefix).toBe('prod.myapp||');
    await store.close(() => undefined);
  });

  it.each([
    ['an unknown type', { type: 'state.redis' }, 'spec.type', 'unknown component type state.redis/v1; known types: state.hanging/v1, state.in-memory/v1, state.recording/v1'],
    ['an unknown version', { type: 'state.in-memory', version: 'v2' }, 'spec.type', 'unknown component type state.in-memory/v2; known types: state.hanging/v1, state.in-memory/v1, state.recording/v1'],
    ['an unsupported category', { type: 'configuration.redis' }, 'spec.type', 'component category "configuration" is not supported by this runtime; supported: state, secretstores, pubsub, bindings, lock'],
  ])('throws a ComponentLoadError naming the file, component and field for %s', async (_name, over, field, problem) => {
    const err = await loadError([component({ name: 'cache', ...over })]);
    expect([err.name, err.file, err.component, err.field, err.message]).toEqual(['ComponentLoadError', Source, 'cache', field, `${Source}: Component "cache": ${field}: ${problem}`]);
  });

  it('refuses a keyPrefix containing ||', async () => {
    const err = await loadError([component({ name: 'statestore', type: 'state.in-memory', metadata: [{ name: 'keyPrefix', value: 'a||b' }] })]);
    expect(err.message).toBe(`${Source}: Component "statestore": spec.metadata[keyPrefix]: "a||b" can't contain '||'`);
  });

  it('marks the store with actorStateStore (any case) as the actor state store', async () => {
    const store = await load([
      component({ name: 'plain', type: 'state.in-memory' }),
      component({ name: 'actors', type: 'state.in-memory', metadata: [{ name: 'ActorStateStore', value: 'true' }] }),
    ]);
    expect(store.actorStateStore()?.name).toBe('actors');
    await store.close(() => undefined);
  });

  it('refuses a second actor state store, naming the first', async () => {
    const err = await loadError([
      component({ name: 'one', type: 'state.in-memory', metadata: [{ name: 'actorStateStore', value: 'true' }] }),
      component({ name: 'two', type: 'state.in-memory', metadata: [{ name: 'actorStateStore', value: 'true' }] }),
    ]);
    expect(err.message).toBe(`${Source}: Component "two": spec.metadata[actorStateStore]: one is already the actor state store; only one state store may set actorStateStore`);
  });

  it('throws when a secretKeyRef has no auth.secretStore', async () => {
    const err = await loadError([component({ name: 'statestore', type: 'state.in-memory', metadata: [{ name: 'password', secretKeyRef: { name: 'DB_PASSWORD', key: '' } }] }), envSecrets]);
    expect(err.message).toBe(`${Source}: Component "statestore": spec.metadata[password].secretKeyRef: needs auth.secretStore naming the secret store to read it from`);
  });

  it('throws when auth.secretStore names a store that is not loaded', async () => {
    const err = await loadError([component({ name: 'statestore', type: 'state.in-memory', secretStore: 'vault', metadata: [{ name: 'password', secretKeyRef: { name: 'DB_PASSWORD', key: '' } }] })]);
    expect(err.message).toBe(`${Source}: Component "statestore": auth.secretStore: secret store "vault" is not loaded (it must be defined in the resources path)`);
  });

  it.each([
    ['a missing secret', { name: 'NOPE', key: '' }, 'cannot read secret "NOPE" from "envsecrets": secret NOPE not found'],
    ['a missing key in the secret', { name: 'DB_PASSWORD', key: 'other' }, 'secret "DB_PASSWORD" has no key "other"'],
  ])('throws naming the secretKeyRef for %s', async (_name, secretKeyRef, problem) => {
    const err = await loadError([component({ name: 'statestore', type: 'state.in-memory', secretStore: 'envsecrets', metadata: [{ name: 'password', secretKeyRef }] }), envSecrets]);
    expect(err.message).toBe(`${Source}: Component "statestore": spec.metadata[password].secretKeyRef: ${problem}`);
  });

  it('throws naming spec.initTimeout when init does not finish in time', async () => {
    const err = await loadError([component({ name: 'slow', type: 'state.hanging', initTimeoutMs: 50 })]);
    expect([err.field, err.message]).toEqual([undefined, `${Source}: Component "slow": init failed: timed out after 50ms (spec.initTimeout)`]);
  });

  it('reports an init error of the component with its message', async () => {
    const err = await loadError([component({ name: 'files', type: 'secretstores.local.file' })]);
    expect(err.message).toBe(`${Source}: Component "files": init failed: metadata field "secretsFile": is required`);
  });

  it('closes the components already loaded when a later one fails', async () => {
    await loadError([component({ name: 'first', type: 'state.recording' }), component({ name: 'second', type: 'state.redis' })]);
    expect(RecordingStateStore.closed).toEqual(['first']);
  });

  it('skips a failing component with spec.ignoreErrors and warns', async () => {
    const store = await load([component({ name: 'cache', type: 'state.redis', ignoreErrors: true }), component({ name: 'statestore', type: 'state.in-memory' })]);
    expect(store.list().map((c) => c.name)).toEqual(['statestore']);
    expect(store.state.get('cache')).toBeUndefined();
    expect(warnings).toEqual([
      {
        msg: `${Source}: Component "cache": spec.type: unknown component type state.redis/v1; known types: state.hanging/v1, state.in-memory/v1, state.recording/v1 (ignored: spec.ignoreErrors is true)`,
        fields: { component: 'cache' },
      },
    ]);
    await store.close(() => undefined);
  });
});

describe('ComponentStore', () => {
  describe('.list()', () => {
    it('returns copies that callers cannot use to change the store', async () => {
      const state = new ComponentRegistry<StateStore>('state');
      state.register('state.in-memory', () => new InMemoryStateStore());
      const registries = { state, secretstores: new ComponentRegistry<SecretStore>('secretstores'), pubsub: new ComponentRegistry<PubSub>('pubsub'), bindings: new ComponentRegistry<BindingComponent>('bindings'), lock: new ComponentRegistry<LockStore>('lock') };
      const store = await loadComponents([component({ name: 's', type: 'state.in-memory' })], { appId: 'a', namespace: undefined, registries, logger: recordingLogger([]), signal: new AbortController().signal });
      store.list()[0]?.capabilities.push('EXTRA');
      expect(store.list()[0]?.capabilities).toEqual(['ETAG', 'TRANSACTIONAL', 'TTL', 'ACTOR']);
      await store.close(() => undefined);
    });
  });

  describe('.close()', () => {
    it('closes newest first and reports failures without throwing', async () => {
      const state = new ComponentRegistry<StateStore>('state');
      state.register('state.recording', () => new RecordingStateStore());
      const secretstores = new ComponentRegistry<SecretStore>('secretstores');
      secretstores.register('secretstores.local.env', () => {
        const failing = new LocalEnvSecretStore({ env: {} });
        failing.close = async () => {
          throw new Error('close failed');
        };
        return failing;
      });
      RecordingStateStore.closed = [];
      const store = await loadComponents([component({ name: 'a', type: 'state.recording' }), component({ name: 'b', type: 'state.recording' }), envSecrets], {
        appId: 'x',
        namespace: undefined,
        registries: { state, secretstores, pubsub: new ComponentRegistry<PubSub>('pubsub'), bindings: new ComponentRegistry<BindingComponent>('bindings'), lock: new ComponentRegistry<LockStore>('lock') },
        logger: recordingLogger([]),
        signal: new AbortController().signal,
      });
      const failures: [string, string][] = [];
      await store.close((name, err) => failures.push([name, (err as Error).message]));
      expect([RecordingStateStore.closed, failures]).toEqual([['b', 'a'], [['envsecrets', 'close failed']]]);
    });
  });
});
