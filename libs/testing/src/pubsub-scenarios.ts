import type { Message, MessageHandler, PubSub } from '@dapr-ts/components-pubsub';
import { errorMessage } from '@dapr-ts/kit';

/** Polls `check` until it holds, failing with `what` after the spec's deadline. */
export type Until = (what: string, check: () => boolean | Promise<boolean>) => Promise<void>;

/** What {@link deliverAcrossCut} drives. */
export interface CutScenario {
  /** Connected through `proxy`: it subscribes, loses its connections, and must come back. */
  cut: PubSub;
  /** Connected straight to the broker: it publishes while `cut` is disconnected. */
  direct: PubSub;
  proxy: { cut(): void };
  topic: string;
  until: Until;
}

const signal = new AbortController().signal;
const text = (message: Message): string => Buffer.from(message.data).toString('utf8');
const publish = (pubsub: PubSub, topic: string, payload: string): Promise<void> => pubsub.publish({ topic, data: Buffer.from(payload), metadata: {} }, signal);

/**
 * The connection-loss case of the broker components: `cut` subscribes (consumer group `g`) and
 * receives `before`; the proxy cuts its connections; `direct` publishes `during`, which `cut` must
 * receive once reconnected; then `cut` publishes `after` through its new connection (retried until
 * a publish succeeds) and receives it too. Resolves with the distinct payloads received, in order
 * of first arrival: at-least-once delivery may repeat a message whose ack was lost with the connection.
 */
export async function deliverAcrossCut({ cut, direct, proxy, topic, until }: CutScenario): Promise<string[]> {
  const received: string[] = [];
  await cut.subscribe({ topic, metadata: { consumerID: 'g' } }, async (message) => void received.push(text(message)), new AbortController().signal);
  await publish(direct, topic, 'before');
  await until('the first message', () => received.length === 1);

  proxy.cut();
  await publish(direct, topic, 'during');
  await until('the message published while disconnected', () => received.includes('during'));
  await until('a publish through the new connection', () =>
    publish(cut, topic, 'after').then(
      () => true,
      () => false,
    ),
  );
  await until('the last message', () => received.includes('after'));
  return [...new Set(received)];
}

/**
 * How a scenario reaches the pub/sub under test: through the spec's own helpers, so the spec keeps
 * track of what to clean up.
 */
export interface ScenarioIo {
  /** Subscribes `handler` to the scenario's topic, always in the same consumer group; `abort()` ends that subscription. */
  subscribe(handler: MessageHandler): Promise<{ abort(): void }>;
  /** Publishes `payload` to that topic through the pub/sub under test. */
  publish(payload: string): Promise<void>;
  until: Until;
}

/**
 * The unsubscribe case of the pub/sub components with durable groups: the first subscription
 * receives `one` and is aborted; `two` is published while nobody listens; a new subscription in
 * the same group must receive it. Resolves with what each subscription received.
 */
export async function receiveAcrossResubscribe({ subscribe, publish: publishText, until }: ScenarioIo): Promise<[string[], string[]]> {
  const first: string[] = [];
  const second: string[] = [];
  const subscription = await subscribe(async (message) => void first.push(text(message)));
  await publishText('one');
  await until('the first message', () => first.length === 1);
  subscription.abort();
  await publishText('two');
  await subscribe(async (message) => void second.push(text(message)));
  await until('the message published while unsubscribed', () => second.length === 1);
  return [first, second];
}

/** What {@link closeWhileHandling} drives. */
export interface CloseScenario extends ScenarioIo {
  /** Closes the pub/sub under test. */
  close(): Promise<void>;
}

/** What closing with a handler in flight did. */
export interface CloseObservation {
  /** For each handler that was running: whether its signal had aborted when `close()` resolved. */
  handlerSignalsAborted: boolean[];
  /** The message a publish after `close()` was rejected with; undefined when it succeeded. */
  latePublishError: string | undefined;
}

/**
 * The close case of the pub/sub components: a handler that runs until its signal aborts receives
 * one message; then the pub/sub closes and publishes once more.
 */
export async function closeWhileHandling({ subscribe, publish: publishText, close, until }: CloseScenario): Promise<CloseObservation> {
  const signals: AbortSignal[] = [];
  await subscribe((_message, handlerSignal) => {
    signals.push(handlerSignal);
    return new Promise<void>((resolve) => handlerSignal.addEventListener('abort', () => resolve(), { once: true }));
  });
  await publishText('m');
  await until('the delivery', () => signals.length === 1);
  await close();
  const handlerSignalsAborted = signals.map((s) => s.aborted);
  const latePublishError = await publishText('late').then(
    () => undefined,
    (err: unknown) => errorMessage(err),
  );
  return { handlerSignalsAborted, latePublishError };
}
