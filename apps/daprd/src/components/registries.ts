import type { BindingComponent } from '@dapr-ts/components-bindings';
import { CronBinding } from '@dapr-ts/bindings-cron';
import { HttpOutputBinding } from '@dapr-ts/bindings-http';
import { LocalStorageBinding } from '@dapr-ts/bindings-localstorage';
import { ComponentRegistry } from '@dapr-ts/components-common';
import type { LockStore } from '@dapr-ts/components-lock';
import type { PubSub } from '@dapr-ts/components-pubsub';
import { RedisLockStore } from '@dapr-ts/lock-redis';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';
import type { ComponentRegistries } from '@dapr-ts/daprd-components';
import { LocalEnvSecretStore } from '@dapr-ts/secretstores-local-env';
import { LocalFileSecretStore } from '@dapr-ts/secretstores-local-file';
import { InMemoryPubSub } from '@dapr-ts/pubsub-in-memory';
import { RabbitMQPubSub } from '@dapr-ts/pubsub-rabbitmq';
import { RedisStreamsPubSub } from '@dapr-ts/pubsub-redis';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { PostgresStateStore } from '@dapr-ts/state-postgresql';
import { RedisStateStore } from '@dapr-ts/state-redis';

/** The components this daprd build ships: one line each, no registration by import side effect. */
export function createRegistries(): ComponentRegistries {
  const state = new ComponentRegistry<StateStore>('state');
  state.register('state.in-memory', () => new InMemoryStateStore());
  state.register('state.redis', (logger) => new RedisStateStore({ logger }));
  state.register('state.postgresql', (logger) => new PostgresStateStore({ logger }));

  const secretstores = new ComponentRegistry<SecretStore>('secretstores');
  secretstores.register('secretstores.local.file', () => new LocalFileSecretStore());
  secretstores.register('secretstores.local.env', () => new LocalEnvSecretStore());

  const pubsub = new ComponentRegistry<PubSub>('pubsub');
  pubsub.register('pubsub.in-memory', (logger) => new InMemoryPubSub({ logger }));
  pubsub.register('pubsub.redis', (logger) => new RedisStreamsPubSub({ logger }));
  pubsub.register('pubsub.rabbitmq', (logger) => new RabbitMQPubSub({ logger }));

  const bindings = new ComponentRegistry<BindingComponent>('bindings');
  bindings.register('bindings.cron', (logger) => new CronBinding({ logger }));
  bindings.register('bindings.http', (logger) => new HttpOutputBinding({ logger }));
  bindings.register('bindings.localstorage', () => new LocalStorageBinding());

  const lock = new ComponentRegistry<LockStore>('lock');
  lock.register('lock.redis', (logger) => new RedisLockStore({ logger }));

  return { state, secretstores, pubsub, bindings, lock };
}
