import type { ComponentMetadata } from '@dapr-ts/components-common';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';
import { keyPrefixFor } from '@dapr-ts/daprd-state';
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
  const registry = kind === 'state' ? options.registries.state : kind === 'secretstores' ? options.registries.secretstores : undefined;
  if (!registry) return fail('spec.type', `component category "${kind}" is not supported by this runtime yet`);
  const instance = registry.create(resource.type, resource.version, logger) as StateStore | SecretStore | undefined;
  if (!instance) return fail('spec.type', `unknown component type ${resource.type}/${resource.version || 'v1'}; known types: ${registry.types().join(', ')}`);

  const properties = await resolveMetadata(resource, store, options.signal, fail);
  const metadata: ComponentMetadata = { name: resource.name, appId: options.appId, properties, ...(options.namespace ? { namespace: options.namespace } : {}) };
  await initWithTimeout(instance, metadata, resource.initTimeoutMs, options.signal).catch((err: unknown) => fail(undefined, `init failed: ${(err as Error).message}`));

  if (kind === 'state') {
    if ((properties['keyPrefix'] ?? '').includes('||')) {
      await instance.close();
      return fail('spec.metadata[keyPrefix]', `"${properties['keyPrefix']}" can't contain '||'`);
    }
    const prefix = keyPrefixFor(properties['keyPrefix'], { appId: options.appId, storeName: resource.name, ...(options.namespace ? { namespace: options.namespace } : {}) });
    store.addStateStore({ name: resource.name, store: instance as StateStore, prefix }, resource.type, resource.version);
  } else {
    store.addSecretStore(resource.name, instance as SecretStore, resource.type, resource.version);
  }
  logger.info(`Component loaded: ${resource.name} (${resource.type}/${resource.version || 'v1'})`);
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

async function initWithTimeout(component: StateStore | SecretStore, metadata: ComponentMetadata, timeoutMs: number, parent: AbortSignal): Promise<void> {
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
