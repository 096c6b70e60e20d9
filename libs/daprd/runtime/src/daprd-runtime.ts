import { homedir } from 'node:os';
import { join } from 'node:path';
import { isTransactionalStateStore } from '@dapr-ts/components-state';
import { ActorsApi, startActors, type RunningActors } from '@dapr-ts/daprd-actors';
import { HttpAppCallbacks, type AppCallbacks } from '@dapr-ts/daprd-app-callbacks';
import { BindingsApi, InputBindingsRunner } from '@dapr-ts/daprd-bindings';
import { loadComponents, type ComponentRegistries, type ComponentStore } from '@dapr-ts/daprd-components';
import { ConfigurationApi } from '@dapr-ts/daprd-configuration';
import {
  GrpcAppCallbacks,
  GrpcAppChannel,
  GrpcProxy,
  H2SessionPool,
  InternalActorClient,
  InternalInvocationClient,
  callActorHandler,
  ServiceInvocationPrefix,
  authorizer,
  callLocalHandler,
  daprServiceImplementation,
  internalProxyHandler,
  proxyRouter,
  startGrpcServer,
  startInternalH2Server,
} from '@dapr-ts/daprd-grpc-api';
import { buildApiRouter, buildPublicRouter, createHttpApiHandler, forwardInvocation } from '@dapr-ts/daprd-http-api';
import { DirectMessaging, HttpAppChannel, LocalRegistryResolver, type AppChannel } from '@dapr-ts/daprd-invocation';
import { LockApi } from '@dapr-ts/daprd-lock';
import { MetadataApi, type SubscriptionInfo } from '@dapr-ts/daprd-metadata';
import { PubSubApi, SubscriptionManager, inboundRetryPolicies, parseDeclarativeSubscriptions, type ActiveSubscription, type RetrySchedule } from '@dapr-ts/daprd-pubsub';
import { SecretsApi } from '@dapr-ts/daprd-secrets';
import { StateApi } from '@dapr-ts/daprd-state';
import type { Logger } from '@dapr-ts/logger';
import { runtimeV1 } from '@dapr-ts/proto';
import { loadConfigurationFile, loadResources, type ConfigurationResource } from '@dapr-ts/resources';
import type { DaprdOptions } from './daprd-options';
import { listenHttp, type HttpListeners } from './http-listeners';
import { Readiness } from './readiness';
import { RuntimeVersion } from './runtime-version';
import { appSink, compileDeclarative, compileProgrammatic, mergeSubscriptions } from './subscriptions-setup';

export interface DaprdRuntimeDeps {
  options: DaprdOptions;
  logger: Logger;
  registries: ComponentRegistries;
  env: NodeJS.ProcessEnv;
}

/** Ports the sidecar actually listens on (useful when 0 was asked). */
export interface DaprdPorts {
  http: number;
  grpc: number;
  internalGrpc: number;
  public: number | undefined;
}

/**
 * A running sidecar. Start order mirrors daprd's: configuration and resources, components, the
 * servers, name-resolution registration; then, in the background, waiting for the app port.
 * `stop()` reverses it within the graceful-shutdown period.
 */
export class DaprdRuntime {
  readonly ports: DaprdPorts;
  /** Resolves when the shutdown API asks the sidecar to stop. */
  readonly stopRequested: Promise<{ force: boolean }>;
  private readonly stopParts: (graceMs: number) => Promise<void>;
  private readonly graceMs: number;
  private readonly logger: Logger;

  private constructor(ports: DaprdPorts, stopParts: (graceMs: number) => Promise<void>, graceMs: number, logger: Logger, stopRequested: Promise<{ force: boolean }>) {
    this.ports = ports;
    this.stopParts = stopParts;
    this.graceMs = graceMs;
    this.logger = logger;
    this.stopRequested = stopRequested;
  }

  static async start(deps: DaprdRuntimeDeps, signal: AbortSignal): Promise<DaprdRuntime> {
    const { options, logger } = deps;
    const log = logger.child({ scope: 'dapr.runtime' });
    const namespace = options.namespace ?? 'default';
    const configs = options.configPaths.map((file) => loadConfigurationFile(file, { env: deps.env, logger: log }));
    const resources = loadResources(options.resourcesPaths, { appId: options.appId, ...(options.namespace ? { namespace: options.namespace } : {}), env: deps.env, logger: log });
    const declarative = compileDeclarative(parseDeclarativeSubscriptions(resources.others, { appId: options.appId }), log.child({ scope: 'dapr.runtime.pubsub' }));
    const retries = inboundRetryPolicies(resources.others, options.appId);
    const components = await loadComponents(resources.components, { appId: options.appId, namespace: options.namespace, registries: deps.registries, logger: logger.child({ scope: 'dapr.runtime.components' }), signal });
    const cleanup: ((graceMs: number) => Promise<void>)[] = [async () => components.close((name, err) => log.warn(`closing component ${name} failed: ${(err as Error).message}`))];
    const stopAll = async (graceMs: number): Promise<void> => {
      for (const part of cleanup.reverse()) await part(graceMs).catch((err: unknown) => log.warn(`shutdown step failed: ${(err as Error).message}`));
    };
    try {
      return await DaprdRuntime.startServers(deps, log, namespace, configs, components, { declarative, retries }, cleanup, stopAll);
    } catch (err) {
      await stopAll(0);
      throw err;
    }
  }

  private static async startServers(
    deps: DaprdRuntimeDeps,
    log: Logger,
    namespace: string,
    configs: ConfigurationResource[],
    components: ComponentStore,
    { declarative, retries }: { declarative: ActiveSubscription[]; retries: Map<string, RetrySchedule> },
    cleanup: ((graceMs: number) => Promise<void>)[],
    stopAll: (graceMs: number) => Promise<void>,
  ): Promise<DaprdRuntime> {
    const { options, logger } = deps;
    const readiness = new Readiness(options.appPort !== undefined);
    let requestStop: (value: { force: boolean }) => void = () => undefined;
    const stopRequested = new Promise<{ force: boolean }>((resolve) => (requestStop = resolve));

    const appChannel = createAppChannel(options);
    let appReady: AppChannel | undefined;
    if (appChannel) cleanup.push(() => appChannel.close());

    const resolver = new LocalRegistryResolver(options.registryDir ?? join(homedir(), '.dapr', 'registry'));
    cleanup.push(() => resolver.close());
    const internalClient = new InternalInvocationClient(options.maxBodySize);
    cleanup.push(async () => internalClient.close());
    const messaging = new DirectMessaging({ appId: options.appId, namespace, resolver, appChannel: () => appReady, remote: internalClient, logger: logger.child({ scope: 'dapr.runtime.direct_messaging' }) });

    const state = new StateApi(components.state);
    const secrets = new SecretsApi(components.secrets, configs.flatMap((c) => c.spec.secrets.scopes));
    const pubsub = new PubSubApi({ appId: options.appId, pubsubs: components.pubsub });
    const pubsubLog = logger.child({ scope: 'dapr.runtime.pubsub' });
    const subscriptions = new SubscriptionManager({ pubsubs: components.pubsub, logger: pubsubLog, retryFor: (name) => retries.get(name) });
    const bindings = new BindingsApi({ get: (name) => components.bindings.output(name) });
    const lock = new LockApi(components.lock);
    const configuration = new ConfigurationApi({ stores: components.configuration, app: () => appChannel, logger: logger.child({ scope: 'dapr.runtime.configuration' }) });
    let runningActors: RunningActors | undefined;
    const actorStore = components.actorStateStore();
    const actorsEnabled = options.placementHostAddresses.length > 0;
    const actors = new ActorsApi({ appId: options.appId, runtime: () => runningActors?.runtime, stateStore: actorStore?.store, enabled: actorsEnabled });
    const metadata = new MetadataApi({
      appId: options.appId,
      runtimeVersion: RuntimeVersion,
      enabledFeatures: () => configs.flatMap((c) => c.spec.features.filter((f) => f.enabled).map((f) => f.name)),
      components: () => components.list(),
      subscriptions: () => subscriptions.list().map(subscriptionInfo),
      appConnection: options.appPort === undefined ? undefined : { port: options.appPort, protocol: options.appProtocol, channelAddress: options.appChannelAddress, maxConcurrency: options.appMaxConcurrency },
      ...(actorsEnabled
        ? {
            actorRuntime: () => ({
              runtimeStatus: runningActors ? 'RUNNING' : 'INITIALIZING',
              activeActors: runningActors?.runtime.activeCounts() ?? [],
              hostReady: runningActors?.placement.isConnected ?? false,
              placement: runningActors?.placement.isConnected ? 'placement: connected' : 'placement: disconnected',
            }),
          }
        : {}),
    });
    const health = { appId: options.appId, isReady: () => readiness.isReady(), isOutboundReady: () => readiness.isOutboundReady() };
    const shutdown = (force: boolean): void => requestStop({ force });

    // Internal gRPC: sidecar-to-sidecar invocation and proxied gRPC calls for our app.
    const appAddress = appChannel instanceof GrpcAppChannel ? appChannel.address : undefined;
    const appSessions = new H2SessionPool({ tls: options.appProtocol === 'grpcs' });
    const internal = await startInternalH2Server({
      port: options.internalGrpcPort,
      host: options.internalGrpcListenAddress,
      maxMessageSize: options.maxBodySize,
      unary: new Map([
        [`${ServiceInvocationPrefix}CallLocal`, callLocalHandler(messaging)],
        [`${ServiceInvocationPrefix}CallActor`, callActorHandler(() => runningActors?.runtime)],
      ]),
      unimplementedPrefix: ServiceInvocationPrefix,
      fallback: internalProxyHandler({ appId: options.appId, namespace, appAddress, appApiToken: options.appApiToken, sessions: appSessions }),
    });
    cleanup.push(async (grace) => {
      await internal.close(grace);
      appSessions.close();
    });

    // Public gRPC API.
    const authorized = authorizer(options.apiToken);
    const apiProxy = new GrpcProxy(proxyRouter({ appId: options.appId, namespace, appAddress, appApiToken: options.appApiToken, resolver, authorized, internal: false }));
    const grpc = await startGrpcServer({
      port: options.grpcPort,
      hosts: options.listenAddresses,
      services: [{ definition: runtimeV1.DaprService, implementation: daprServiceImplementation(
            { state, secrets, metadata, messaging, shutdown: () => shutdown(false), pubsub: { pubsub, subscriptions, bindings, gracefulShutdownMs: options.gracefulShutdownMs }, lock, actors, configuration },
            authorized,
          ) }],
      maxMessageSize: options.maxBodySize,
      unknown: (call) => apiProxy.handle(call),
    });
    cleanup.push(async (grace) => (apiProxy.close(), grpc.close(grace)));

    // HTTP API (and the public health/metadata port when asked).
    const httpLog = logger.child({ scope: 'dapr.runtime.http' });
    const handler = createHttpApiHandler({
      router: buildApiRouter({ state, secrets, metadata, health, shutdown, pubsub, bindings, lock, actors, configuration }),
      apiToken: options.apiToken,
      maxBodySize: options.maxBodySize,
      logger: httpLog,
      proxy: (ctx, appId) => forwardInvocation(ctx, messaging, appId, (ctx.req.url ?? '/').split('?')[0] ?? '/'),
      invoke: (ctx, appId, method) => forwardInvocation(ctx, messaging, appId, method),
      ...(options.enableApiLogging ? { onRequest: apiLogger(httpLog.child({ type: 'request' })) } : {}),
    });
    const http: HttpListeners = await listenHttp(handler, options.httpPort, options.listenAddresses, { maxHeaderSize: options.readBufferSize });
    cleanup.push((grace) => http.close(grace));
    let publicPort: number | undefined;
    if (options.publicPort !== undefined) {
      const publicHandler = createHttpApiHandler({ router: buildPublicRouter({ health, metadata }), apiToken: undefined, maxBodySize: options.maxBodySize, logger: httpLog });
      const pub = await listenHttp(publicHandler, options.publicPort, options.publicListenAddress ? [options.publicListenAddress] : [], { maxHeaderSize: options.readBufferSize });
      publicPort = pub.port;
      cleanup.push((grace) => pub.close(grace));
    }

    await resolver.register({
      appId: options.appId,
      namespace,
      host: deps.env['DAPR_HOST_IP'] ?? '127.0.0.1',
      internalPort: internal.port,
      httpPort: http.port,
      grpcPort: grpc.port,
      ...(options.appPort !== undefined ? { appPort: options.appPort } : {}),
      pid: process.pid,
      startedAt: new Date().toISOString(),
    });
    readiness.markOutboundReady();
    log.info(`HTTP server is running on port ${http.port}`);
    log.info(`gRPC server is running on port ${grpc.port}`);
    log.info(`Internal gRPC server is running on port ${internal.port}`);

    const waitForApp = new AbortController();
    cleanup.push(async () => waitForApp.abort());
    const actorClient = new InternalActorClient(options.maxBodySize);
    const actorsLog = logger.child({ scope: 'dapr.runtime.actors' });
    const joinPlacement = async (app: AppChannel | undefined): Promise<void> => {
      if (!actorsEnabled || waitForApp.signal.aborted) return;
      const httpApp = app && app.protocol === 'http' && !options.disableInitEndpoints.includes('config') ? app : undefined;
      if (app && app.protocol !== 'http') actorsLog.info('the app speaks gRPC: it hosts no actors (actors need an HTTP app channel)');
      runningActors = await startActors({
        appId: options.appId,
        namespace,
        host: deps.env['DAPR_HOST_IP'] ?? '127.0.0.1',
        internalPort: internal.port,
        placementAddresses: options.placementHostAddresses,
        app: httpApp,
        stateStore: actorStore && isTransactionalStateStore(actorStore.store) ? actorStore.store : undefined,
        remote: actorClient,
        logger: actorsLog,
        disseminateTimeoutMs: options.actorsDisseminateTimeoutMs,
        signal: waitForApp.signal,
      });
    };
    // Runs before the app channel closes: actors deactivate while the app still answers.
    cleanup.push(async () => {
      await runningActors?.stop();
      actorClient.close();
    });

    const inputBindings = new InputBindingsRunner({ bindings: components.bindings.inputs(), logger: logger.child({ scope: 'dapr.runtime.bindings' }) });
    if (appChannel) {
      log.info(`application protocol: ${options.appProtocol}. waiting on port ${options.appPort}.  This will block until the app is listening on that port.`);
      appChannel
        .waitUntilReachable(waitForApp.signal)
        .then(async () => {
          appReady = appChannel;
          log.info(`application discovered on port ${options.appPort}`);
          await joinPlacement(appChannel).catch((err: unknown) => actorsLog.error(`starting the actor runtime failed: ${(err as Error).message}`));
          const callbacks: AppCallbacks = appChannel instanceof GrpcAppChannel ? new GrpcAppCallbacks(appChannel, pubsubLog) : new HttpAppCallbacks({ channel: appChannel, logger: pubsubLog });
          // Subscriptions and input bindings start before the sidecar reports ready, so nothing
          // published after readiness can miss a subscriber.
          const programmatic = compileProgrammatic(await callbacks.listTopicSubscriptions(waitForApp.signal).catch((err: unknown) => {
            pubsubLog.error(`reading the app's subscriptions failed: ${(err as Error).message}`);
            return [];
          }), pubsubLog);
          await subscriptions.startAll(mergeSubscriptions(declarative, programmatic, pubsubLog), appSink(callbacks));
          await inputBindings.start(callbacks, waitForApp.signal);
          readiness.markAppReady();
          log.info(`dapr initialized. Status: Running.`);
        })
        .catch((err: unknown) => {
          if (!waitForApp.signal.aborted) log.error(`starting app delivery failed: ${(err as Error).message}`);
        });
    } else {
      await joinPlacement(undefined);
      if (declarative.length > 0) pubsubLog.warn(`${declarative.length} declarative subscription(s) not started: there is no app (--app-port) to deliver to`);
      log.info('dapr initialized. Status: Running.');
    }
    // Runs first on stop: no new deliveries, in-flight ones finish within the graceful period.
    cleanup.push(async (grace) => {
      readiness.markStopping();
      await Promise.all([subscriptions.stop(grace), inputBindings.stop(grace)]);
    });
    // Ends configuration subscriptions before the servers stop, so their gRPC streams close cleanly.
    cleanup.push(() => configuration.close());

    return new DaprdRuntime({ http: http.port, grpc: grpc.port, internalGrpc: internal.port, public: publicPort }, stopAll, options.gracefulShutdownMs, log, stopRequested);
  }

  /** Graceful stop: stop accepting, let in-flight calls finish within the period, close components. */
  async stop(): Promise<void> {
    this.logger.info(`Dapr is shutting down; allowing ${this.graceMs / 1000}s for in-flight work`);
    await this.stopParts(this.graceMs);
    this.logger.info('Dapr shut down gracefully');
  }
}

function subscriptionInfo(sub: ActiveSubscription): SubscriptionInfo {
  return {
    pubsubname: sub.pubsubName,
    topic: sub.topic,
    ...(sub.deadLetterTopic ? { deadLetterTopic: sub.deadLetterTopic } : {}),
    metadata: sub.metadata,
    rules: [...sub.routes.rules, ...(sub.routes.default ? [{ match: '', path: sub.routes.default }] : [])],
    type: sub.kind,
  };
}

/** `--enable-api-logging`: one line per API call, Dapr's `type: request` lines. */
function apiLogger(log: Logger): (req: { method?: string; url?: string }, status: number, ms: number) => void {
  return (req, status, ms) => log.info('HTTP API Called', { method: req.method, path: req.url, code: status, duration: Math.round(ms) });
}

function createAppChannel(options: DaprdOptions): AppChannel | undefined {
  if (options.appPort === undefined) return undefined;
  const tls = options.appProtocol === 'https' || options.appProtocol === 'grpcs';
  if (options.appProtocol === 'grpc' || options.appProtocol === 'grpcs') {
    return new GrpcAppChannel({ host: options.appChannelAddress, port: options.appPort, tls, maxConcurrency: options.appMaxConcurrency, appApiToken: options.appApiToken, maxMessageSize: options.maxBodySize });
  }
  return new HttpAppChannel({ host: options.appChannelAddress, port: options.appPort, tls, maxConcurrency: options.appMaxConcurrency, appApiToken: options.appApiToken });
}

