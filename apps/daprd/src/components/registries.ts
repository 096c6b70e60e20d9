import { ComponentRegistry } from '@dapr-ts/components-common';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';
import type { ComponentRegistries } from '@dapr-ts/daprd-components';
import { LocalEnvSecretStore } from '@dapr-ts/secretstores-local-env';
import { LocalFileSecretStore } from '@dapr-ts/secretstores-local-file';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';

/** The components this daprd build ships: one line each, no registration by import side effect. */
export function createRegistries(): ComponentRegistries {
  const state = new ComponentRegistry<StateStore>('state');
  state.register('state.in-memory', () => new InMemoryStateStore());

  const secretstores = new ComponentRegistry<SecretStore>('secretstores');
  secretstores.register('secretstores.local.file', () => new LocalFileSecretStore());
  secretstores.register('secretstores.local.env', () => new LocalEnvSecretStore());

  return { state, secretstores };
}
