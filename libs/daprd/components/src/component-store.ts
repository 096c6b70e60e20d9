import type { InputBinding, OutputBinding } from '@dapr-ts/components-bindings';
import type { ConfigurationStore } from '@dapr-ts/components-configuration';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import { StateFeature } from '@dapr-ts/components-state';
import type { ConfigurationStoreLookup } from '@dapr-ts/daprd-configuration';
import type { ComponentInfo } from '@dapr-ts/daprd-metadata';
import type { SecretStoreLookup } from '@dapr-ts/daprd-secrets';
import type { LockStoreLookup, RegisteredLockStore } from '@dapr-ts/daprd-lock';
import type { PubSubLookup, RegisteredPubSub } from '@dapr-ts/daprd-pubsub';
import type { RegisteredStateStore, StateStoreLookup } from '@dapr-ts/daprd-state';

/** An input binding with where its events go in the app. */
export interface RegisteredInputBinding {
  name: string;
  binding: InputBinding;
  /** App path for events: the `route` metadata, else the component name. */
  route: string;
  /** The `direction` metadata, when given. */
  direction: string | undefined;
}

interface Closable {
  close(): Promise<void>;
}

/** The initialised components of a sidecar, by category and name. */
export class ComponentStore {
  private readonly stateStores = new Map<string, RegisteredStateStore>();
  private readonly secretStores = new Map<string, SecretStore>();
  private readonly pubsubs = new Map<string, RegisteredPubSub>();
  private readonly lockStores = new Map<string, RegisteredLockStore>();
  private readonly configurationStores = new Map<string, ConfigurationStore>();
  private readonly outputBindings = new Map<string, OutputBinding>();
  private readonly inputBindingList: RegisteredInputBinding[] = [];
  private readonly infos: ComponentInfo[] = [];
  private readonly closables: { name: string; component: Closable }[] = [];

  readonly state: StateStoreLookup = {
    get: (name) => this.stateStores.get(name),
    any: () => this.stateStores.size > 0,
  };

  readonly secrets: SecretStoreLookup = {
    get: (name) => this.secretStores.get(name),
    any: () => this.secretStores.size > 0,
  };

  readonly pubsub: PubSubLookup = {
    get: (name) => this.pubsubs.get(name),
    any: () => this.pubsubs.size > 0,
    names: () => [...this.pubsubs.keys()],
  };

  readonly bindings = {
    output: (name: string): OutputBinding | undefined => this.outputBindings.get(name),
    inputs: (): RegisteredInputBinding[] => [...this.inputBindingList],
  };

  readonly lock: LockStoreLookup = {
    get: (name) => this.lockStores.get(name),
    any: () => this.lockStores.size > 0,
  };

  readonly configuration: ConfigurationStoreLookup = {
    get: (name) => this.configurationStores.get(name),
    any: () => this.configurationStores.size > 0,
  };

  /** The state store marked `actorStateStore: "true"`, if any. */
  actorStateStore(): RegisteredStateStore | undefined {
    return [...this.stateStores.values()].find((entry) => entry.actorStateStore === true);
  }

  addLockStore(name: string, entry: RegisteredLockStore, type: string, version: string): void {
    this.lockStores.set(name, entry);
    this.record(name, type, version, [...entry.store.features()], entry.store);
  }

  addConfigurationStore(name: string, store: ConfigurationStore, type: string, version: string): void {
    this.configurationStores.set(name, store);
    this.record(name, type, version, [...store.features()], store);
  }

  addPubSub(entry: RegisteredPubSub, type: string, version: string): void {
    this.pubsubs.set(entry.name, entry);
    this.record(entry.name, type, version, [...entry.pubsub.features()], entry.pubsub);
  }

  /** A binding component: registered as output, input or both, by what it implements and its `direction`. */
  addBinding(name: string, parts: { input?: RegisteredInputBinding; output?: OutputBinding }, component: Closable, type: string, version: string): void {
    if (parts.output) this.outputBindings.set(name, parts.output);
    if (parts.input) this.inputBindingList.push(parts.input);
    const capabilities = [...(parts.input ? ['INPUT_BINDING'] : []), ...(parts.output ? ['OUTPUT_BINDING'] : [])];
    this.record(name, type, version, capabilities, component);
  }

  addStateStore(entry: RegisteredStateStore, type: string, version: string): void {
    this.stateStores.set(entry.name, entry);
    const features: string[] = [...entry.store.features()];
    // Dapr's metadata API derives ACTOR from ETAG + TRANSACTIONAL.
    if (features.includes(StateFeature.ETag) && features.includes(StateFeature.Transactional)) features.push('ACTOR');
    this.record(entry.name, type, version, features, entry.store);
  }

  addSecretStore(name: string, store: SecretStore, type: string, version: string): void {
    this.secretStores.set(name, store);
    this.record(name, type, version, [...store.features()], store);
  }

  list(): ComponentInfo[] {
    return this.infos.map((info) => ({ ...info, capabilities: [...info.capabilities] }));
  }

  /** Closes every component, newest first; failures are reported, not thrown. */
  async close(onError: (name: string, err: unknown) => void): Promise<void> {
    for (const { name, component } of [...this.closables].reverse()) {
      try {
        await component.close();
      } catch (err) {
        onError(name, err);
      }
    }
  }

  private record(name: string, type: string, version: string, capabilities: string[], component: Closable): void {
    this.infos.push({ name, type, version: version || 'v1', capabilities });
    this.closables.push({ name, component });
  }
}
