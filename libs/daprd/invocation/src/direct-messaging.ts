import { invocationErrors, isDaprApiError } from '@dapr-ts/daprd-errors';
import type { Logger } from '@dapr-ts/logger';
import { sleep } from '@dapr-ts/kit';
import type { AppChannel } from './app-channel';
import type { InvocationRequest, InvocationResponse } from './invocation-types';
import type { NameResolver } from './name-resolver';

/** Who is calling: put on the request towards the callee app as `dapr-caller-*` headers. */
export interface CallerIdentity {
  appId: string;
  namespace: string;
}

/** Sends an invocation to another sidecar (internal gRPC CallLocal). */
export interface RemoteInvoker {
  invoke(address: string, request: InvocationRequest, caller: CallerIdentity, targetAppId: string, signal: AbortSignal): Promise<InvocationResponse>;
}

/** Thrown by a RemoteInvoker when the peer could not be reached; such calls are retried. */
export class PeerUnavailableError extends Error {
  override readonly name = 'PeerUnavailableError';
}

export interface DirectMessagingOptions {
  appId: string;
  namespace: string;
  resolver: NameResolver;
  /** This sidecar's app channel, once the app is reachable. */
  appChannel: () => AppChannel | undefined;
  remote: RemoteInvoker;
  logger: Logger;
  /** Retries on an unreachable peer: Dapr's built-in policy is 3 × 1 s. */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * Service invocation routing (Dapr pkg/messaging/direct_messaging.go): calls for this app go
 * straight to the app channel; others to the target's sidecar, found by name resolution.
 */
export class DirectMessaging {
  private readonly options: DirectMessagingOptions;

  constructor(options: DirectMessagingOptions) {
    this.options = options;
  }

  /** `target` is `app-id` or `app-id.namespace`. */
  async invoke(target: string, request: InvocationRequest, signal: AbortSignal): Promise<InvocationResponse> {
    const { appId, namespace } = this.parseTarget(target);
    const caller = { appId: this.options.appId, namespace: this.options.namespace };
    if (appId === this.options.appId && namespace === this.options.namespace) return this.invokeLocal(request, caller, signal);

    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const address = await this.options.resolver.resolve(appId, namespace);
      if (!address) throw invocationErrors.appNotFound(appId);
      try {
        return await this.options.remote.invoke(address, request, caller, appId, signal);
      } catch (err) {
        if (!(err instanceof PeerUnavailableError) || attempt >= retries || signal.aborted) {
          if (isDaprApiError(err)) throw err;
          throw invocationErrors.failed(appId, (err as Error).message, err);
        }
        this.options.resolver.invalidate(appId, namespace);
        this.options.logger.debug(`peer ${appId} at ${address} unreachable, retrying (${attempt + 1}/${retries})`);
        await sleep(this.options.retryDelayMs ?? 1000, signal);
      }
    }
  }

  /** Delivers a call to this sidecar's app, adding the caller headers Dapr adds. */
  async invokeLocal(request: InvocationRequest, caller: CallerIdentity, signal: AbortSignal): Promise<InvocationResponse> {
    const channel = this.options.appChannel();
    if (!channel) throw invocationErrors.noAppChannel();
    const headers = {
      ...request.headers,
      'dapr-caller-app-id': [caller.appId],
      'dapr-callee-app-id': [this.options.appId],
      'dapr-caller-namespace': [caller.namespace],
    };
    try {
      return await channel.invoke({ ...request, headers }, signal);
    } catch (err) {
      throw invocationErrors.failed(this.options.appId, `error invoking app channel: ${(err as Error).message}`, err);
    }
  }

  /** `app` or `app.namespace`; more dots are refused, as Dapr does (app ids contain none). */
  private parseTarget(target: string): CallerIdentity {
    const parts = target.split('.');
    if (parts.length > 2 || parts.some((p) => p === '')) throw invocationErrors.invalidAppId(target);
    return parts.length === 2 ? { appId: parts[0] as string, namespace: parts[1] as string } : { appId: target, namespace: this.options.namespace };
  }
}
