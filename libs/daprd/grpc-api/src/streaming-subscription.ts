import { status as GrpcStatus, type Metadata, type ServerDuplexStream } from '@grpc/grpc-js';
import { TopicEventStatus, type TopicEventDelivery } from '@dapr-ts/daprd-app-callbacks';
import { SubscriptionKind, isSubscriptionRejectedError, type ActiveSubscription, type EventSink } from '@dapr-ts/daprd-pubsub';
import type { runtimeV1 } from '@dapr-ts/proto';
import { ceRequest } from './grpc-app-callbacks';
import { unauthenticated } from './grpc-errors';

type Request = runtimeV1.SubscribeTopicEventsRequestAlpha1;
type Response = runtimeV1.SubscribeTopicEventsResponseAlpha1;

/** Where streaming subscriptions are registered (daprd-pubsub's SubscriptionManager). */
export interface StreamingSubscriptions {
  add(subscription: ActiveSubscription, sink: EventSink): Promise<(graceMs: number) => Promise<void>>;
}

/**
 * `SubscribeTopicEventsAlpha1`: the client opens a stream with an initial request naming pub/sub
 * and topic; we answer `initial_response`, then send each event and wait for the client's
 * `event_processed` with the same id. Events unanswered when the stream ends are nacked, so the
 * broker redelivers them.
 */
export function streamingSubscriptionHandler(subscriptions: StreamingSubscriptions, authorized: (m: Metadata) => boolean, graceMs: number): (call: ServerDuplexStream<Request, Response>) => void {
  return (call) => {
    if (!authorized(call.metadata)) {
      call.emit('error', unauthenticated());
      return;
    }
    const pending = new Map<string, (status: TopicEventStatus | Error) => void>();
    let stop: ((graceMs: number) => Promise<void>) | undefined;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      for (const settle of pending.values()) settle(new Error('the subscription stream ended before the event was processed'));
      pending.clear();
      void stop?.(graceMs);
    };
    const fail = (code: GrpcStatus, details: string): void => {
      end();
      call.emit('error', { code, details });
    };

    const sink: EventSink = {
      deliver: (event: TopicEventDelivery, signal: AbortSignal) =>
        new Promise<TopicEventStatus>((resolve, reject) => {
          if (ended) return reject(new Error('the subscription stream has ended'));
          const id = String(event.cloudEvent['id'] ?? '');
          const onAbort = (): void => settle(new Error('delivery aborted'));
          const settle = (status: TopicEventStatus | Error): void => {
            pending.delete(id);
            signal.removeEventListener('abort', onAbort);
            if (status instanceof Error) reject(status);
            else resolve(status);
          };
          pending.set(id, settle);
          signal.addEventListener('abort', onAbort, { once: true });
          call.write({ eventMessage: { ...ceRequest(event.cloudEvent), topic: event.topic, pubsubName: event.pubsubName, path: event.path } });
        }),
    };

    call.on('data', (message: Request) => {
      if (message.initialRequest) {
        if (stop || ended) return fail(GrpcStatus.INVALID_ARGUMENT, 'the subscription was already initialised');
        const initial = message.initialRequest;
        if (!initial.pubsubName || !initial.topic) return fail(GrpcStatus.INVALID_ARGUMENT, 'initial request needs pubsub_name and topic');
        const subscription: ActiveSubscription = {
          kind: SubscriptionKind.Streaming,
          pubsubName: initial.pubsubName,
          topic: initial.topic,
          metadata: initial.metadata,
          routes: { rules: [], default: '' },
          routeMatcher: { match: () => '' },
          ...(initial.deadLetterTopic ? { deadLetterTopic: initial.deadLetterTopic } : {}),
        };
        subscriptions.add(subscription, sink).then(
          (stopFn) => {
            stop = stopFn;
            if (ended) void stopFn(graceMs);
            else call.write({ initialResponse: {} });
          },
          (err: unknown) => fail(isSubscriptionRejectedError(err) ? GrpcStatus.INVALID_ARGUMENT : GrpcStatus.INTERNAL, (err as Error).message),
        );
        return;
      }
      if (message.eventProcessed) {
        const settle = pending.get(message.eventProcessed.id);
        const status = message.eventProcessed.status?.status ?? 0;
        settle?.(status === 0 ? TopicEventStatus.Success : status === 2 ? TopicEventStatus.Drop : TopicEventStatus.Retry);
        return;
      }
      fail(GrpcStatus.INVALID_ARGUMENT, 'expected initial_request or event_processed');
    });
    call.on('end', () => {
      end();
      call.end();
    });
    call.on('cancelled', end);
    call.on('error', end);
  };
}
