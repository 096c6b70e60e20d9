import type { ActorsApi } from '@dapr-ts/daprd-actors';
import type { ConfigurationApi } from '@dapr-ts/daprd-configuration';
import type { LockApi } from '@dapr-ts/daprd-lock';
import type { MetadataApi } from '@dapr-ts/daprd-metadata';
import type { PubSubApi } from '@dapr-ts/daprd-pubsub';
import type { SecretsApi } from '@dapr-ts/daprd-secrets';
import type { StateApi } from '@dapr-ts/daprd-state';
import { HttpRouter } from './http-router';
import { addHealthRoutes, addShutdownRoute, type HealthSource } from './routes/health-routes';
import { addActorRoutes } from './routes/actor-routes';
import { addBindingRoutes, type HttpOutputBindingsApi } from './routes/binding-routes';
import { addConfigurationRoutes } from './routes/configuration-routes';
import { addLockRoutes } from './routes/lock-routes';
import { addMetadataRoutes } from './routes/metadata-routes';
import { addPubSubRoutes } from './routes/pubsub-routes';
import { addSecretsRoutes } from './routes/secrets-routes';
import { addStateRoutes } from './routes/state-routes';

/** The building-block APIs the HTTP routes adapt. */
export interface HttpApis {
  state: StateApi;
  secrets: SecretsApi;
  metadata: MetadataApi;
  health: HealthSource;
  shutdown: (force: boolean) => void;
  pubsub: PubSubApi;
  bindings: HttpOutputBindingsApi;
  lock: LockApi;
  actors: ActorsApi;
  configuration: ConfigurationApi;
}

/** The router of the main HTTP port: every Dapr API route but invocation, which the handler takes first. */
export function buildApiRouter(apis: HttpApis): HttpRouter {
  const router = new HttpRouter();
  addHealthRoutes(router, apis.health);
  addMetadataRoutes(router, apis.metadata);
  addShutdownRoute(router, apis.shutdown);
  addStateRoutes(router, apis.state);
  addSecretsRoutes(router, apis.secrets);
  addPubSubRoutes(router, apis.pubsub);
  addBindingRoutes(router, apis.bindings);
  addLockRoutes(router, apis.lock);
  addActorRoutes(router, apis.actors);
  addConfigurationRoutes(router, apis.configuration);
  return router;
}

/** The router of the public port (`--dapr-public-port`): health and metadata only. */
export function buildPublicRouter(apis: Pick<HttpApis, 'health' | 'metadata'>): HttpRouter {
  const router = new HttpRouter();
  addHealthRoutes(router, apis.health);
  addMetadataRoutes(router, apis.metadata);
  return router;
}
