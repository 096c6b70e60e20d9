import type { BindingComponent } from '@dapr-ts/components-bindings';
import { CronBinding } from '@dapr-ts/bindings-cron';
import { HttpOutputBinding } from '@dapr-ts/bindings-http';
import { LocalStorageBinding } from '@dapr-ts/bindings-localstorage';
import { Mqtt3Binding } from '@dapr-ts/bindings-mqtt3';
import { PostgresBinding } from '@dapr-ts/bindings-postgresql';
import { RabbitMQBinding } from '@dapr-ts/bindings-rabbitmq';
import { RedisBinding } from '@dapr-ts/bindings-redis';
import { ComponentRegistry } from '@dapr-ts/components-common';
import type { ConfigurationStore } from '@dapr-ts/components-configuration';
import { PostgresConfigurationStore } from '@dapr-ts/configuration-postgresql';
import { RedisConfigurationStore } from '@dapr-ts/configuration-redis';
import type { LockStore } from '@dapr-ts/components-lock';
import type { PubSub } from '@dapr-ts/components-pubsub';
import { RedisLockStore } from '@dapr-ts/lock-redis';
import type { SecretStore } from '@dapr-ts/components-secretstores';
import type { StateStore } from '@dapr-ts/components-state';
import type { ComponentRegistries } from '@dapr-ts/daprd-components';
import { LocalEnvSecretStore } from '@dapr-ts/secretstores-local-env';
import { LocalFileSecretStore } from '@dapr-ts/secretstores-local-file';
import { InMemoryPubSub } from '@dapr-ts/pubsub-in-memory';
import { JetStreamPubSub } from '@dapr-ts/pubsub-jetstream';
import { Mqtt3PubSub } from '@dapr-ts/pubsub-mqtt3';
import { RabbitMQPubSub } from '@dapr-ts/pubsub-rabbitmq';
import { RedisStreamsPubSub } from '@dapr-ts/pubsub-redis';
import { InMemoryStateStore } from '@dapr-ts/state-in-memory';
import { MySqlStateStore } from '@dapr-ts/state-mysql';
import { PostgresStateStore } from '@dapr-ts/state-postgresql';
import { RedisStateStore } from '@dapr-ts/state-redis';
import { SqliteStateStore } from '@dapr-ts/state-sqlite';

/** The components this daprd build ships: one line each, no registration by import side effect. */
export function createRegistries(): ComponentRegistries {
  const state = new ComponentRegistry<StateStore>('state');
  state.register('state.in-memory', () => new InMemoryStateStore());
  state.register('state.redis', (logger) => new RedisStateStore({ logger }));
  state.register('state.postgresql', (logger) => new PostgresStateStore({ logger }));
  state.register('state.mysql', (logger) => new MySqlStateStore({ logger }));
  state.register('state.sqlite', (logger) => new SqliteStateStore({ logger }));

  const secretstores = new ComponentRegistry<SecretStore>('secretstores');
  secretstores.register('secretstores.local.file', () => new LocalFileSecretStore());
  secretstores.register('secretstores.local.env', () => new LocalEnvSecretStore());

  const pubsub = new ComponentRegistry<PubSub>('pubsub');
  pubsub.register('pubsub.in-memory', (logger) => new InMemoryPubSub({ logger }));
  pubsub.register('pubsub.redis', (logger) => new RedisStreamsPubSub({ logger }));
  pubsub.register('pubsub.rabbitmq', (logger) => new RabbitMQPubSub({ logger }));
  pubsub.register('pubsub.mqtt3', (logger) => new Mqtt3PubSub({ logger }));
  pubsub.register('pubsub.jetstream', (logger) => new JetStreamPubSub({ logger }));

  const bindings = new ComponentRegistry<BindingComponent>('bindings');
  bindings.register('bindings.cron', (logger) => new CronBinding({ logger }));
  bindings.register('bindings.http', (logger) => new HttpOutputBinding({ logger }));
  bindings.register('bindings.localstorage', () => new LocalStorageBinding());
  bindings.register('bindings.redis', (logger) => new RedisBinding({ logger }));
  bindings.register('bindings.postgresql', (logger) => new PostgresBinding({ logger }));
  bindings.register('bindings.rabbitmq', (logger) => new RabbitMQBinding({ logger }));
  bindings.register('bindings.mqtt3', (logger) => new Mqtt3Binding({ logger }));

  const lock = new ComponentRegistry<LockStore>('lock');
  lock.register('lock.redis', (logger) => new RedisLockStore({ logger }));

  const configuration = new ComponentRegistry<ConfigurationStore>('configuration');
  configuration.register('configuration.redis', (logger) => new RedisConfigurationStore({ logger }));
  configuration.register('configuration.postgresql', (logger) => new PostgresConfigurationStore({ logger }));
  // The type name of Dapr's older docs, still registered by Dapr.
  configuration.register('configuration.postgres', (logger) => new PostgresConfigurationStore({ logger }));

  return { state, secretstores, pubsub, bindings, lock, configuration };
}
