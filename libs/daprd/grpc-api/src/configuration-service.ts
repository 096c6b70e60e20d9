import type { Metadata, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ConfigurationApi, ConfigurationSink } from '@dapr-ts/daprd-configuration';
import type { runtimeV1 } from '@dapr-ts/proto';
import { toServiceError, unauthenticated } from './grpc-errors';
import { callSignal, unary } from './grpc-handlers';

type SubscribeCall = ServerWritableStream<runtimeV1.SubscribeConfigurationRequest, runtimeV1.SubscribeConfigurationResponse>;

/**
 * The configuration methods of `dapr.proto.runtime.v1.Dapr`, stable and Alpha1 alike (Dapr serves
 * the Alpha1 names as aliases). Mirrors dapr pkg/api/grpc configuration handlers.
 */
export function configurationServiceMethods(api: ConfigurationApi, authorized: (m: Metadata) => boolean): UntypedServiceImplementation {
  const get = unary(authorized, async (req: runtimeV1.GetConfigurationRequest, call): Promise<runtimeV1.GetConfigurationResponse> => ({ items: await api.get(req, callSignal(call)) }));
  const unsubscribe = unary(authorized, async (req: runtimeV1.UnsubscribeConfigurationRequest, call): Promise<runtimeV1.UnsubscribeConfigurationResponse> => {
    const result = await api.unsubscribe(req, callSignal(call));
    return result.ok ? { ok: true, message: '' } : { ok: false, message: result.message };
  });
  const subscribe = subscribeHandler(api, authorized);
  const impl: Partial<runtimeV1.DaprServer> = {
    getConfiguration: get,
    getConfigurationAlpha1: get,
    subscribeConfiguration: subscribe,
    subscribeConfigurationAlpha1: subscribe,
    unsubscribeConfiguration: unsubscribe,
    unsubscribeConfigurationAlpha1: unsubscribe,
  };
  return impl as UntypedServiceImplementation;
}

/**
 * `SubscribeConfiguration`: the first message carries only the subscription id; each change follows
 * as `{id, items}`. Updates wait until the id went out, so a client always learns the id first.
 * The stream ends when the subscription is unsubscribed (by either API); when the client cancels,
 * the subscription is stopped.
 */
function subscribeHandler(api: ConfigurationApi, authorized: (m: Metadata) => boolean): (call: SubscribeCall) => void {
  return (call) => {
    if (!authorized(call.metadata)) {
      call.emit('error', unauthenticated());
      return;
    }
    let id: string | undefined;
    let finished = false;
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const controller = new AbortController();

    // The client went away: stop the subscription, nothing more to send.
    const abandoned = (): void => {
      if (finished) return;
      finished = true;
      controller.abort();
      markReady();
      if (id !== undefined) void api.release(id);
    };
    call.on('cancelled', abandoned);
    call.on('error', abandoned);

    const sink: ConfigurationSink = {
      deliver: async (event) => {
        await ready;
        if (!finished) call.write({ id: event.id, items: event.items });
      },
      ended: () => {
        if (finished) return;
        finished = true;
        markReady();
        call.end();
      },
    };

    api.subscribe(call.request, sink, controller.signal).then(
      (subscriptionId) => {
        if (finished) return void api.release(subscriptionId);
        id = subscriptionId;
        call.write({ id: subscriptionId, items: {} });
        markReady();
      },
      (err: unknown) => {
        if (finished) return;
        finished = true;
        call.emit('error', toServiceError(err));
      },
    );
  };
}
