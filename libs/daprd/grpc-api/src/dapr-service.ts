import { status as GrpcStatus, type Metadata, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { httpStatusFromGrpcCode, invocationErrors, stateErrors, type GrpcCode } from '@dapr-ts/daprd-errors';
import { isHttpStatus, type DirectMessaging } from '@dapr-ts/daprd-invocation';
import type { LockApi } from '@dapr-ts/daprd-lock';
import type { ActorsApi } from '@dapr-ts/daprd-actors';
import type { ConfigurationApi } from '@dapr-ts/daprd-configuration';
import type { MetadataApi } from '@dapr-ts/daprd-metadata';
import type { SecretsApi } from '@dapr-ts/daprd-secrets';
import type { StateApi } from '@dapr-ts/daprd-state';
import { runtimeV1 } from '@dapr-ts/proto';
import { callSignal, unary } from './grpc-handlers';
import { actorServiceMethods } from './actor-service';
import { configurationServiceMethods } from './configuration-service';
import { pubsubServiceMethods, type PubSubServiceApis } from './pubsub-service';
import { fromInvokeRequest, headersFromMetadata } from './invoke-conversion';
import { grpcCodeFromHttpStatus } from './status-mapping';

export interface DaprServiceApis {
  state: StateApi;
  secrets: SecretsApi;
  metadata: MetadataApi;
  messaging: DirectMessaging;
  shutdown: () => void;
  pubsub: PubSubServiceApis;
  lock: LockApi;
  actors: ActorsApi;
  configuration: ConfigurationApi;
}

/**
 * `dapr.proto.runtime.v1.Dapr` over the building-block APIs. Methods of blocks not built yet are
 * left out; grpc-js answers them Unimplemented.
 */
export function daprServiceImplementation(apis: DaprServiceApis, authorized: (m: Metadata) => boolean): UntypedServiceImplementation {
  const impl: Partial<runtimeV1.DaprServer> = {
    invokeService: unary(authorized, async (req: runtimeV1.InvokeServiceRequest, call) => {
      if (!req.id) throw invocationErrors.noAppId();
      const request = fromInvokeRequest(req.message, headersFromMetadata(call.metadata));
      const response = await apis.messaging.invoke(req.id, request, callSignal(call));
      if (isHttpStatus(response.status) ? response.status >= 300 : response.status !== GrpcStatus.OK) {
        const code = isHttpStatus(response.status) ? grpcCodeFromHttpStatus(response.status) : response.status;
        const httpStatus = isHttpStatus(response.status) ? response.status : httpStatusFromGrpcCode(response.status);
        throw invocationErrors.appStatus(code as GrpcCode, httpStatus, response.message || `Received non-successful status code: ${httpStatus}`);
      }
      return { data: { typeUrl: response.dataTypeUrl ?? '', value: response.data }, contentType: response.contentType };
    }),

    getState: unary(authorized, async (req: runtimeV1.GetStateRequest, call) => {
      const found = await apis.state.getState(req, callSignal(call));
      return { data: found?.data ?? Buffer.alloc(0), etag: found?.etag ?? '', metadata: found?.metadata ?? {} };
    }),
    getBulkState: unary(authorized, async (req: runtimeV1.GetBulkStateRequest, call) => ({ items: await apis.state.getBulkState(req, callSignal(call)) })),
    saveState: unary(authorized, async (req: runtimeV1.SaveStateRequest, call) => {
      await apis.state.saveState(req, callSignal(call));
      return {};
    }),
    deleteState: unary(authorized, async (req: runtimeV1.DeleteStateRequest, call) => {
      await apis.state.deleteState(req, callSignal(call));
      return {};
    }),
    deleteBulkState: unary(authorized, async (req: runtimeV1.DeleteBulkStateRequest, call) => {
      await apis.state.deleteBulkState(req, callSignal(call));
      return {};
    }),
    executeStateTransaction: unary(authorized, async (req: runtimeV1.ExecuteStateTransactionRequest, call) => {
      await apis.state.executeStateTransaction(req, callSignal(call));
      return {};
    }),
    queryStateAlpha1: unary(authorized, async (req: runtimeV1.QueryStateRequest) => {
      apis.state.store(req.storeName);
      // No store here implements the query API yet; Dapr answers stores without it this way.
      throw stateErrors.queryUnsupported();
    }),

    getSecret: unary(authorized, async (req: runtimeV1.GetSecretRequest, call) => ({
      data: (await apis.secrets.getSecret(req, callSignal(call))) ?? {},
    })),
    getBulkSecret: unary(authorized, async (req: runtimeV1.GetBulkSecretRequest, call) => {
      const all = await apis.secrets.getBulkSecret(req, callSignal(call));
      return { data: Object.fromEntries(Object.entries(all).map(([name, secrets]) => [name, { secrets }])) };
    }),

    getMetadata: unary(authorized, async () => metadataResponse(apis.metadata)),
    setMetadata: unary(authorized, async (req: runtimeV1.SetMetadataRequest) => {
      apis.metadata.set(req.key, req.value);
      return {};
    }),
    tryLockAlpha1: unary(authorized, async (req: runtimeV1.TryLockRequest, call) => apis.lock.tryLock(req, callSignal(call))),
    unlockAlpha1: unary(authorized, async (req: runtimeV1.UnlockRequest, call) => apis.lock.unlock(req, callSignal(call))),
    shutdown: unary(authorized, async () => {
      setImmediate(apis.shutdown);
      return {};
    }),
  };
  return {
    ...(impl as UntypedServiceImplementation),
    ...pubsubServiceMethods(apis.pubsub, authorized),
    ...actorServiceMethods(apis.actors, authorized),
    ...configurationServiceMethods(apis.configuration, authorized),
  };
}

const subscriptionTypes = { DECLARATIVE: 1, PROGRAMMATIC: 2, STREAMING: 3 } as const;

function metadataResponse(api: MetadataApi): runtimeV1.GetMetadataResponse {
  const m = api.get();
  return runtimeV1.GetMetadataResponse.fromPartial({
    id: m.id,
    runtimeVersion: m.runtimeVersion,
    enabledFeatures: m.enabledFeatures,
    registeredComponents: m.components.map((c) => ({ name: c.name, type: c.type, version: c.version, capabilities: c.capabilities })),
    extendedMetadata: m.extended,
    subscriptions: m.subscriptions.map((sub) => ({
      pubsubName: sub.pubsubname,
      topic: sub.topic,
      metadata: sub.metadata,
      rules: { rules: sub.rules },
      deadLetterTopic: sub.deadLetterTopic ?? '',
      type: subscriptionTypes[sub.type],
    })),
    ...(m.appConnectionProperties
      ? {
          appConnectionProperties: {
            port: m.appConnectionProperties.port,
            protocol: m.appConnectionProperties.protocol,
            channelAddress: m.appConnectionProperties.channelAddress,
            maxConcurrency: m.appConnectionProperties.maxConcurrency,
          },
        }
      : {}),
    activeActorsCount: m.actors,
    actorRuntime: {
      runtimeStatus: runtimeV1.ActorRuntime_ActorRuntimeStatus[m.actorRuntime.runtimeStatus as keyof typeof runtimeV1.ActorRuntime_ActorRuntimeStatus] ?? runtimeV1.ActorRuntime_ActorRuntimeStatus.DISABLED,
      activeActors: m.actorRuntime.activeActors,
      hostReady: m.actorRuntime.hostReady,
      placement: m.actorRuntime.placement,
    },
  });
}
