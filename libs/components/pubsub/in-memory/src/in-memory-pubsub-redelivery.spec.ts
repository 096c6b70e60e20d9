import type { Message, MessageHandler } from '@dapr-ts/components-pubsub';
import type { Logger } from '@dapr-ts/logger';
import { InMemoryPubSub } from './in-memory-pubsub';

const text = (message: Message): string => Buffer.from(message.data).toString('utf8');

/** A handler whose calls stay running until the test settles them. */
class Gate {
  readonly started: string[] = [];
  readonly signals: AbortSignal[] = [];
  private readonly running: { resolve: () => void; reject: (err: Error) => void }[] = [];
  readonly handler: MessageHandler = (message, signal) =>
    new Promise<void>((resolve, reject) => {
      this.started.push(text(message));
      this.signals.push(signal);
      this.running.push({ resolve, reject });
    });
  ackOne(): void {
    this.running.shift()?.resolve();
  }
  nackOne(): void {
    this.running.shift()?.reject(new Error('nack'));
  }
}

/** Logs nothing but remembers every debug message. */
function debugRecorder(lines: string[]): Logger {
  const logger: Logger = {
    debug: (msg) => void lines.push(msg),
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

// Fake timers make backoffs exact; advanceTimersByTimeAsync also runs the handlers' promise chains.
describe('InMemoryPubSub', () => {
  const signal = new AbortController().signal;
  const opened: InMemoryPubSub[] = [];
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(async () => {
    for (const pubsub of opened.splice(0)) await pubsub.close();
    jest.useRealTimers();
  });

  async function open(properties: Record<string, string> = {}, logger?: Logger): Promise<InMemoryPubSub> {
    const pubsub = new InMemoryPubSub(logger ? { logger } : {});
    await pubsub.init({ name: 'pubsub', properties }, signal);
    opened.push(pubsub);
    return pubsub;
  }
  const publish = (pubsub: InMemoryPubSub, payload: string): Promise<void> => pubsub.publish({ topic: 'orders', data: Buffer.from(payload), metadata: {} }, signal);
  async function subscribe(pubsub: InMemoryPubSub, handler: MessageHandler, metadata: Record<string, string> = {}): Promise<AbortController> {
    const subscription = new AbortController();
    await pubsub.subscribe({ topic: 'orders', metadata }, handler, subscription.signal);
    return subscription;
  }
  const nackAll = (times: number[]): MessageHandler => async () => {
    times.push(Date.now());
    throw new Error('nack');
  };

  describe('redelivery', () => {
    it('waits redeliverInterval, then doubles the wait up to maxRedeliverInterval', async () => {
      const pubsub = await open({ redeliverInterval: '100ms', maxRedeliverInterval: '300ms' });
      const times: number[] = [];
      await subscribe(pubsub, nackAll(times));
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(1000);
      expect(times).toEqual([0, 100, 300, 600, 900]);
    });

    it('starts at 200ms and stops doubling at 10s by default', async () => {
      const pubsub = await open();
      const times: number[] = [];
      await subscribe(pubsub, nackAll(times));
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(23_000);
      expect(times).toEqual([0, 200, 600, 1400, 3000, 6200, 12_600, 22_600]);
    });

    it('serves a due redelivery before newer queued messages', async () => {
      const pubsub = await open({ redeliverInterval: '100ms', maxConcurrentHandlers: '1' });
      const calls: string[] = [];
      await subscribe(pubsub, async (message) => {
        calls.push(text(message));
        if (calls.length === 1) throw new Error('nack a');
        // b keeps the only slot busy until a's redelivery is due, while c and d wait in the queue.
        if (text(message) === 'b') await new Promise((resolve) => setTimeout(resolve, 150));
      });
      for (const payload of ['a', 'b', 'c', 'd']) await publish(pubsub, payload);
      await jest.advanceTimersByTimeAsync(1000);
      expect(calls).toEqual(['a', 'b', 'a', 'c', 'd']);
    });

    it('is cancelled by close()', async () => {
      const pubsub = await open();
      const times: number[] = [];
      await subscribe(pubsub, nackAll(times));
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(0);
      const pendingBeforeClose = jest.getTimerCount();
      await pubsub.close();
      await jest.advanceTimersByTimeAsync(60_000);
      expect([pendingBeforeClose, jest.getTimerCount(), times]).toEqual([1, 0, [0]]);
    });
  });

  describe('unsubscribing', () => {
    it('stops deliveries to the aborted subscriber while the rest of its group goes on', async () => {
      const pubsub = await open();
      const [a, b] = [new Gate(), new Gate()];
      const subscriptionA = await subscribe(pubsub, a.handler, { consumerID: 'g' });
      await subscribe(pubsub, b.handler, { consumerID: 'g' });
      subscriptionA.abort();
      for (const payload of ['m0', 'm1', 'm2']) await publish(pubsub, payload);
      await jest.advanceTimersByTimeAsync(0);
      expect([a.started, b.started]).toEqual([[], ['m0', 'm1', 'm2']]);
    });

    it('keeps a named group queuing for its next subscriber, in publish order', async () => {
      const pubsub = await open();
      (await subscribe(pubsub, new Gate().handler, { consumerID: 'g' })).abort();
      for (const payload of ['m0', 'm1', 'm2']) await publish(pubsub, payload);
      const next = new Gate();
      await subscribe(pubsub, next.handler, { consumerID: 'g' });
      await jest.advanceTimersByTimeAsync(0);
      expect(next.started).toEqual(['m0', 'm1', 'm2']);
    });

    it("redelivers to the group's next subscriber a message its running handler nacks after the abort", async () => {
      const pubsub = await open();
      const first = new Gate();
      const subscription = await subscribe(pubsub, first.handler, { consumerID: 'g' });
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(0);
      subscription.abort();
      first.nackOne();
      await jest.advanceTimersByTimeAsync(1000);
      const next = new Gate();
      await subscribe(pubsub, next.handler, { consumerID: 'g' });
      await jest.advanceTimersByTimeAsync(0);
      expect([first.started, next.started]).toEqual([['m'], ['m']]);
    });

    it('does not redeliver a message its running handler acks after the abort', async () => {
      const pubsub = await open();
      const first = new Gate();
      const subscription = await subscribe(pubsub, first.handler, { consumerID: 'g' });
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(0);
      subscription.abort();
      first.ackOne();
      const next = new Gate();
      await subscribe(pubsub, next.handler, { consumerID: 'g' });
      await publish(pubsub, 'later');
      await jest.advanceTimersByTimeAsync(60_000);
      expect([first.started, next.started]).toEqual([['m'], ['later']]);
    });

    it('drops an anonymous group with its subscriber, and with it a late nack', async () => {
      const debug: string[] = [];
      const pubsub = await open({}, debugRecorder(debug));
      const gate = new Gate();
      const subscription = await subscribe(pubsub, gate.handler);
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(0);
      subscription.abort();
      gate.nackOne();
      await jest.advanceTimersByTimeAsync(0);
      await publish(pubsub, 'after');
      expect([jest.getTimerCount(), debug]).toEqual([0, ['dropping message published to a topic without subscribers']]);
    });

    it('passes handlers a signal that close() aborts and unsubscribing does not', async () => {
      const pubsub = await open();
      const gate = new Gate();
      const subscription = await subscribe(pubsub, gate.handler);
      await publish(pubsub, 'm');
      await jest.advanceTimersByTimeAsync(0);
      subscription.abort();
      const afterUnsubscribe = gate.signals.map((s) => s.aborted);
      await pubsub.close();
      expect([afterUnsubscribe, gate.signals.map((s) => s.aborted)]).toEqual([[false], [true]]);
    });
  });

  describe('.close()', () => {
    it('starts no queued delivery when a running handler finishes afterwards', async () => {
      const pubsub = await open({ maxConcurrentHandlers: '1' });
      const gate = new Gate();
      await subscribe(pubsub, gate.handler);
      for (const payload of ['m0', 'm1']) await publish(pubsub, payload);
      await jest.advanceTimersByTimeAsync(0);
      await pubsub.close();
      gate.ackOne();
      await jest.advanceTimersByTimeAsync(1000);
      expect(gate.started).toEqual(['m0']);
    });
  });
});
