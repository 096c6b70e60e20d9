import type { BindingComponent } from '@dapr-ts/components-bindings';
import type { ComponentRegistry } from '@dapr-ts/components-common';
import type { ConfigurationStore } from '@dapr-ts/components-configuration';
import type { LockStore } from '@dapr-ts/components-lock';
import type { PubSub } from '@dapr-ts/components-pubsub';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';

/** The registries daprd's registration table fills, one per component category. */
export interface ComponentRegistries {
  state: ComponentRegistry<StateStore>;
  secretstores: ComponentRegistry<SecretStore>;
  pubsub: ComponentRegistry<PubSub>;
  bindings: ComponentRegistry<BindingComponent>;
  lock: ComponentRegistry<LockStore>;
  /** Optional, so builds (and tests) without configuration stores need not create an empty registry. */
  configuration?: ComponentRegistry<ConfigurationStore>;
}
