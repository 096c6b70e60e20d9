import { randomUUID } from 'node:crypto';
import { isInputBinding, isOutputBinding, type BindingComponent, type InputBinding, type OutputBinding } from '@dapr-ts/components-bindings';
import type { ComponentMetadata, ComponentRegistry } from '@dapr-ts/components-common';
import type { ConfigurationStore } from '@dapr-ts/components-configuration';
import type { PubSub } from '@dapr-ts/components-pubsub';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import { isTransactionalStateStore, type StateStore } from '@dapr-ts/components-state';
import type { LockStore } from '@dapr-ts/components-lock';
import { bindingRuntimeMetadata } from '@dapr-ts/daprd-bindings';
import { lockKeyPrefixFor } from '@dapr-ts/daprd-lock';
import { TopicScopes } from '@dapr-ts/daprd-pubsub';
import { keyPrefixFor } from '@dapr-ts/daprd-state';
import { isTruthy } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import type { ComponentResource } from '@dapr-ts/resources';
import { ComponentLoadError } from './component-error';
import type { ComponentRegistries } from './component-registries';
import { ComponentStore } from './component-store';

export interface LoadComponentsOptions {
  appId: string;
  namespace: string | undefined;
  registries: ComponentRegistries;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Creates and initialises components: secret stores first (other components' `secretKeyRef`s
 * resolve through them), then the rest, in file order. A failing component stops the sidecar
 * unless its `spec.ignoreErrors` is true. Mirrors dapr pkg/runtime/processor.
 */
export async function loadComponents(resources: readonly ComponentResource[], options: LoadComponentsOptions): Promise<ComponentStore> {
  const store = new ComponentStore();
  const ordered = [...resources.filter((r) => category(r) === 'secretstores'), ...resources.filter((r) => category(r) !== 'secretstores')];
  for (const resource of ordered) {
    try {
      await loadOne(resource, store, options);
    } catch (err) {
      const error = err instanceof ComponentLoadError ? err : new ComponentLoadError(resource.source, resource.name, undefined, `init failed: ${(err as Error).message}`, { cause: err });
      if (!resource.ignoreErrors) {
        await store.close(() => undefined);
        throw error;
      }
      options.logger.warn(`${error.message} (ignored: spec.ignoreErrors is true)`, { component: resource.name });
    }
  }
  return store;
}

function category(resource: ComponentResource): string {
  return resource.type.split('.')[0] ?? '';
}

async function loadOne(resource: ComponentResource, store: ComponentStore, options: LoadComponentsOptions): Promise<void> {
  const logger = options.logger.child({ component: `${resource.name} (${resource.type}/${resource.version || 'v1'})` });
  const fail = (field: string | undefined, problem: string): never => {
    throw new ComponentLoadError(resource.source, resource.name, field, problem);
  };
  const kind = category(resource);
  const registry = registriesByKind(options.registries)[kind];
  if (!registry) return fail('spec.type', `component category "${kind}" is not supported by this runtime; supported: ${Object.keys(registriesByKind(options.registries)).join(', ')}`);
  const instance = registry.create(resource.type, resource.version, logger) as Component | undefined;
  if (!instance) return fail('spec.type', `unknown component type ${resource.type}/${resource.version || 'v1'}; known types: ${registry.types().join(', ')}`);

  const properties = await resolveMetadata(resource, store, options.signal, fail);
  if (kind === 'pubsub') properties['consumerID'] = consumerIdFor(properties, options);
  const metadata: ComponentMetadata = { name: resource.name, appId: options.appId, properties, ...(options.namespace ? { namespace: options.namespace } : {}) };
  await initWithTimeout(instance, metadata, resource.initTimeoutMs, options.signal).catch((err: unknown) => fail(undefined, `init failed: ${(err as Error).message}`));

  try {
    register(kind, resource, instance, properties, store, options);
  } catch (err) {
    await instance.close().catch(() => undefined);
    throw err;
  }
  logger.info(`Component loaded: ${resource.name} (${resource.type}/${resource.version || 'v1'})`);
}

type Component = StateStore | SecretStore | PubSub | BindingComponent | LockStore | ConfigurationStore;

/** The registries of this build by category; a category whose registry is absent is unsupported. */
function registriesByKind(registries: ComponentRegistries): Partial<Record<string, ComponentRegistry<Component>>> {
  return {
    state: registries.state,
    secretstores: registries.secretstores,
    pubsub: registries.pubsub,
    bindings: registries.bindings,
    lock: registries.lock,
    ...(registries.configuration ? { configuration: registries.configuration } : {}),
  };
}

/** Adds an initialised component to the store under its category's rules. */
function register(kind: string, resource: ComponentResource, instance: Component, properties: Record<string, string>, store: ComponentStore, options: LoadComponentsOptions): void {
  const fail = (field: string, problem: string): never => {
    throw new ComponentLoadError(resource.source, resource.name, field, problem);
  };
  if (kind === 'state') {
    if ((properties['keyPrefix'] ?? '').includes('||')) fail('spec.metadata[keyPrefix]', `"${properties['keyPrefix']}" can't contain '||'`);
    const prefix = keyPrefixFor(properties['keyPrefix'], { appId: options.appId, storeName: resource.name, ...(options.namespace ? { namespace: options.namespace } : {}) });
    const actorStateStore = isTruthy(Object.entries(properties).find(([key]) => key.toLowerCase() === 'actorstatestore')?.[1] ?? '');
    if (actorStateStore) {
      if (!isTransactionalStateStore(instance as StateStore)) fail('spec.metadata[actorStateStore]', `${resource.type} does not support transactions, which the actor state store needs`);
      const other = store.actorStateStore();
      if (other) fail('spec.metadata[actorStateStore]', `${other.name} is already the actor state store; only one state store may set actorStateStore`);
    }
    store.addStateStore({ name: resource.name, store: instance as StateStore, prefix, actorStateStore }, resource.type, resource.version);
  } else if (kind === 'secretstores') {
    store.addSecretStore(resource.name, instance as SecretStore, resource.type, resource.version);
  } else if (kind === 'lock') {
    let prefix: string;
    try {
      prefix = lockKeyPrefixFor(lowerKeyed(properties)['keyprefix'], { appId: options.appId, storeName: resource.name });
    } catch (err) {
      return fail('spec.metadata[keyPrefix]', (err as Error).message);
    }
    store.addLockStore(resource.name, { store: instance as LockStore, prefix }, resource.type, resource.version);
  } else if (kind === 'configuration') {
    store.addConfigurationStore(resource.name, instance as ConfigurationStore, resource.type, resource.version);
  } else if (kind === 'pubsub') {
    store.addPubSub({ name: resource.name, pubsub: instance as PubSub, access: new TopicScopes(properties, options.appId) }, resource.type, resource.version);
  } else {
    const binding = instance as BindingComponent;
    let runtime: ReturnType<typeof bindingRuntimeMetadata>;
    try {
      runtime = bindingRuntimeMetadata(properties);
    } catch (err) {
      return fail('spec.metadata[direction]', (err as Error).message);
    }
    const explicit = lowerKeyed(properties)['direction'] !== undefined;
    if (explicit && runtime.direction.input && !isInputBinding(binding)) fail('spec.metadata[direction]', `${resource.type} can't be an input binding`);
    if (explicit && runtime.direction.output && !isOutputBinding(binding)) fail('spec.metadata[direction]', `${resource.type} can't be an output binding`);
    const wantsInput = isInputBinding(binding) && runtime.direction.input;
    const wantsOutput = isOutputBinding(binding) && runtime.direction.output;
    store.addBinding(
      resource.name,
      {
        ...(wantsInput ? { input: { name: resource.name, binding: binding as InputBinding, route: (runtime.route || resource.name).replace(/^\/+/, ''), direction: lowerKeyed(properties)['direction'] } } : {}),
        ...(wantsOutput ? { output: binding as OutputBinding } : {}),
      },
      binding,
      resource.type,
      resource.version,
    );
  }
}

function lowerKeyed(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * `consumerID` defaults to the app id, so replicas of one app share a consumer group; the
 * `{appID}`, `{namespace}` and `{uuid}` placeholders are expanded as Dapr does.
 */
function consumerIdFor(properties: Record<string, string>, options: LoadComponentsOptions): string {
  const given = properties['consumerID'] || options.appId;
  return given
    .replaceAll('{appID}', options.appId)
    .replaceAll('{namespace}', options.namespace ?? 'default')
    .replaceAll('{uuid}', randomUUID());
}

/** Metadata values, with `secretKeyRef`s read from the component's `auth.secretStore`. */
async function resolveMetadata(
  resource: ComponentResource,
  store: ComponentStore,
  signal: AbortSignal,
  fail: (field: string, problem: string) => never,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of resource.metadata) {
    if (!item.secretKeyRef) {
      out[item.name] = item.value ?? '';
      continue;
    }
    const field = `spec.metadata[${item.name}].secretKeyRef`;
    if (!resource.secretStore) fail(field, 'needs auth.secretStore naming the secret store to read it from');
    const secrets = store.secrets.get(resource.secretStore as string);
    if (!secrets) fail('auth.secretStore', `secret store "${resource.secretStore}" is not loaded (it must be defined in the resources path)`);
    let secret: Record<string, string>;
    try {
      secret = await (secrets as SecretStore).getSecret({ name: item.secretKeyRef.name, metadata: {} }, signal);
    } catch (err) {
      return fail(field, `cannot read secret "${item.secretKeyRef.name}" from "${resource.secretStore}": ${(err as Error).message}`);
    }
    const key = item.secretKeyRef.key || item.secretKeyRef.name;
    const value = secret[key];
    if (value === undefined) fail(field, `secret "${item.secretKeyRef.name}" has no key "${key}"`);
    out[item.name] = value as string;
  }
  return out;
}

async function initWithTimeout(component: Component, metadata: ComponentMetadata, timeoutMs: number, parent: AbortSignal): Promise<void> {
  const signal = AbortSignal.any([parent, AbortSignal.timeout(timeoutMs)]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs}ms (spec.initTimeout)`)), timeoutMs);
  });
  try {
    await Promise.race([component.init(metadata, signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
