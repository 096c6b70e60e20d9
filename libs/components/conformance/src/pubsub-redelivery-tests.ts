import { payloads, sorted, type PubSubSuiteContext } from './pubsub-conformance-config';

/** At-least-once: nacks bring messages back; unsubscribing lets running handlers finish. */
export function definePubSubRedeliveryTests(ctx: PubSubSuiteContext): void {
  describe('redelivery', () => {
    it(
      'redelivers a nacked message, unchanged, until the handler acks it',
      async () => {
        const topic = ctx.topic('nack');
        const recorder = await ctx.record(topic, ctx.group('nack'), { fail: ({ attempt }) => attempt <= 2 });
        const metadata = { conformance: 'nack' };
        await ctx.publish(topic, 'nacked-twice', { contentType: 'text/plain', metadata });
        await ctx.eventually('the third delivery', () => recorder.hasAcked(['nacked-twice']), true);
        const deliveries = recorder.deliveriesOf('nacked-twice');
        expect(deliveries.map((d) => [d.attempt, d.acked])).toEqual([
          [1, false],
          [2, false],
          [3, true],
        ]);
        for (const delivery of deliveries) {
          expect(delivery.message.topic).toBe(topic);
          if (ctx.has('contentType')) expect(delivery.message.contentType).toBe('text/plain');
          if (ctx.has('metadata')) expect(delivery.message.metadata).toMatchObject(metadata);
        }
      },
      ctx.testTimeoutMs,
    );

    it(
      `delivers all ${ctx.messageCount} messages to a handler that fails its first two calls and every fifth`,
      async () => {
        const topic = ctx.topic('flaky');
        const fails = (call: number): boolean => call <= 2 || call % 5 === 0;
        const recorder = await ctx.record(topic, ctx.group('flaky'), { fail: ({ call }) => fails(call) });
        const sent = payloads('flaky', ctx.messageCount);
        for (const payload of sent) await ctx.publish(topic, payload);
        await ctx.eventually(`all ${sent.length} messages acked`, () => recorder.hasAcked(sent), true);
        expect(sorted(recorder.acked)).toEqual(sorted(sent));
        // Every nack costs one extra call and nothing else: for 20 messages, calls 1, 2, 5, …, 25 of 27 nack.
        const expectedCalls: number[] = [];
        for (let call = 1, acks = 0; acks < sent.length; call++) {
          expectedCalls.push(call);
          if (!fails(call)) acks++;
        }
        expect(recorder.deliveries.length).toBe(expectedCalls.length);
        expect(recorder.deliveries.filter((d) => !d.acked).map((d) => d.call)).toEqual(expectedCalls.filter(fails));
      },
      ctx.testTimeoutMs,
    );
  });

  describe('unsubscribing (the subscribe signal aborts)', () => {
    it(
      'starts no new delivery, while the running handler completes with a live signal',
      async () => {
        const topic = ctx.topic('unsubscribe');
        let release = (): void => undefined;
        const released = new Promise<void>((resolve) => (release = resolve));
        const seen: string[] = [];
        const signals: AbortSignal[] = [];
        let completed = 0;
        const subscription = await ctx.subscribe(topic, ctx.group('unsubscribe'), async (message, signal) => {
          seen.push(Buffer.from(message.data).toString('utf8'));
          signals.push(signal);
          await released;
          completed += 1;
        });
        try {
          await ctx.publish(topic, 'before-abort');
          await ctx.eventually('the first delivery', () => seen.length > 0);
          subscription.abort();
          // A witness in another group receiving a later message shows the broker has moved on;
          // had the aborted subscriber still been served, it would have had that message by now.
          const witness = await ctx.record(topic, ctx.group('witness'));
          await ctx.publish(topic, 'after-abort');
          await ctx.eventually('the witness to receive the later message', () => witness.hasAcked(['after-abort']));
          expect(seen).toEqual(['before-abort']);
          release();
          await ctx.eventually('the running handler to complete', () => completed === 1);
          expect(seen).toEqual(['before-abort']);
          expect(signals.map((signal) => signal.aborted)).toEqual([false]);
        } finally {
          release();
        }
      },
      ctx.testTimeoutMs,
    );
  });
}
