import type { TransactionalStateStore } from '@dapr-ts/components-state';
import type { AppChannel } from '@dapr-ts/daprd-invocation';
import { parseDuration } from '@dapr-ts/kit';
import type { Logger } from '@dapr-ts/logger';
import { parseAppActorConfig, type AppActorConfig } from './actor-config';
import { ActorRuntime } from './actor-runtime';
import type { RemoteActorInvoker } from './actor-types';
import { AppActorChannel } from './app-actor-channel';
import { PlacementClient } from './placement/placement-client';
import { TableGate } from './placement/table-gate';

export interface StartActorsOptions {
  appId: string;
  namespace: string;
  /** Host other sidecars dial (DAPR_HOST_IP or 127.0.0.1). */
  host: string;
  internalPort: number;
  placementAddresses: string[];
  /** The app channel when the app speaks HTTP; gRPC apps host no actors (as with Dapr 1.16). */
  app: AppChannel | undefined;
  stateStore: TransactionalStateStore | undefined;
  remote: RemoteActorInvoker;
  logger: Logger;
  /** `--actors-disseminate-timeout`: longest a call waits for a round to finish. */
  disseminateTimeoutMs: number;
  signal: AbortSignal;
}

export interface RunningActors {
  runtime: ActorRuntime;
  placement: PlacementClient;
  stop(): Promise<void>;
}

/** How long calls wait while placement is unreachable before failing: long enough for a restart blip. */
const DisconnectedWaitMs = 3_000;

/**
 * Reads the app's actor configuration, then joins placement with the app's actor types.
 * A sidecar without an app (or whose app serves no `/dapr/config`) joins with no types: it
 * still needs the tables to call actors hosted elsewhere.
 */
export async function startActors(options: StartActorsOptions): Promise<RunningActors> {
  const log = options.logger;
  const app = options.app ? new AppActorChannel(options.app) : undefined;
  const config = app ? await readConfig(app, options.signal, log) : parseAppActorConfig({}, parseDuration);
  if (config.entities.length > 0 && !options.stateStore) {
    log.warn('actor state store not configured: actor state and reminders are unavailable until a state store has actorStateStore: "true"');
  }
  const gate = new TableGate({ lockedMs: options.disseminateTimeoutMs, disconnectedMs: DisconnectedWaitMs });
  const hostAddress = `${options.host}:${options.internalPort}`;
  const runtime = new ActorRuntime({ appId: options.appId, hostAddress, app, config, gate, remote: options.remote, stateStore: options.stateStore, logger: log });
  const placement = new PlacementClient({
    addresses: options.placementAddresses,
    hostName: hostAddress,
    internalPort: options.internalPort,
    appId: options.appId,
    namespace: options.namespace,
    gate,
    handler: runtime,
    logger: log.child({ scope: 'dapr.runtime.actors.placement' }),
  });
  runtime.start();
  placement.start(runtime.hostedTypes());
  if (config.entities.length > 0) log.info(`actor runtime started; hosting actor types: ${config.entities.join(', ')}`);
  else log.info('actor runtime started; hosting no actor types');
  return {
    runtime,
    placement,
    stop: async () => {
      await placement.stop();
      await runtime.stop();
    },
  };
}

async function readConfig(app: AppActorChannel, signal: AbortSignal, log: Logger): Promise<AppActorConfig> {
  let raw: unknown;
  try {
    raw = await app.readConfig(signal);
  } catch (err) {
    log.warn(`reading the app's actor configuration (GET /dapr/config) failed: ${(err as Error).message}; hosting no actor types`);
  }
  try {
    return parseAppActorConfig(raw ?? {}, parseDuration);
  } catch (err) {
    log.error(`the app's actor configuration is invalid: ${(err as Error).message}; hosting no actor types`);
    return parseAppActorConfig({}, parseDuration);
  }
}
