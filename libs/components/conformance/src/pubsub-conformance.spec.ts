import type { ComponentMetadata } from '@dapr-ts/components-common';
import type { Message, MessageHandler, PubSub, PubSubFeature, PublishRequest, SubscribeRequest } from '@dapr-ts/components-pubsub';
import { runPubSubConformance } from './pubsub-conformance';
import { RecordingSubscriber } from './pubsub-recorder';

/**
 * The plainest possible broker: every subscription gets every message of its topic (no groups
 * shared between subscribers), a nack retries after 5 ms, no bulk publishing and no features.
 * Running the suite against it checks the "undeclared" side: nothing optional may be required.
 */
class BroadcastPubSub implements PubSub {
  private readonly subscriptions = new Set<{ topic: string; handler: MessageHandler }>();
  private readonly closing = new AbortController();
  async init(_metadata: ComponentMetadata, _signal: AbortSignal): Promise<void> {}
  features(): readonly PubSubFeature[] {
    return [];
  }
  async publish(request: PublishRequest, _signal: AbortSignal): Promise<void> {
    const message: Message = { topic: request.topic, data: Buffer.from(request.data), metadata: { ...request.metadata } };
    for (const subscription of this.subscriptions) if (subscription.topic === request.topic) this.deliver(subscription.handler, message);
  }
  async subscribe(request: SubscribeRequest, handler: MessageHandler, signal: AbortSignal): Promise<void> {
    const subscription = { topic: request.topic, handler };
    this.subscriptions.add(subscription);
    signal.addEventListener('abort', () => this.subscriptions.delete(subscription), { once: true });
  }
  async close(): Promise<void> {
    this.closing.abort();
    this.subscriptions.clear();
  }
  private deliver(handler: MessageHandler, message: Message): void {
    handler(message, this.closing.signal).catch(() => {
      if (!this.closing.signal.aborted) setTimeout(() => this.deliver(handler, message), 5);
    });
  }
}

runPubSubConformance({ name: 'broadcast', create: () => new BroadcastPubSub(), metadata: {}, operations: [] });

describe('RecordingSubscriber', () => {
  const signal = new AbortController().signal;
  const message = (text: string): Message => ({ topic: 't', data: Buffer.from(text), metadata: {} });

  describe('.handle()', () => {
    it('counts attempts per payload and calls overall, nacking when told', async () => {
      const recorder = new RecordingSubscriber({ fail: ({ text, attempt }) => text === 'a' && attempt === 1 });
      await expect(recorder.handle(message('a'), signal)).rejects.toThrow('conformance: nack of a (attempt 1)');
      await recorder.handle(message('b'), signal);
      await recorder.handle(message('a'), signal);
      expect(recorder.deliveries.map(({ text, attempt, call, acked }) => ({ text, attempt, call, acked }))).toEqual([
        { text: 'a', attempt: 1, call: 1, acked: false },
        { text: 'b', attempt: 1, call: 2, acked: true },
        { text: 'a', attempt: 2, call: 3, acked: true },
      ]);
      expect([recorder.acked, recorder.firstDeliveries, recorder.hasAcked(['a', 'b']), recorder.hasAcked(['c'])]).toEqual([['b', 'a'], ['a', 'b'], true, false]);
    });
  });
});
