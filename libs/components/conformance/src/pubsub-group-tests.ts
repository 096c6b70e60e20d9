import { payloads, sorted, type PubSubSuiteContext } from './pubsub-conformance-config';

/** Consumer groups (`consumerID`): fan-out between groups, sharing within one. */
export function definePubSubGroupTests(ctx: PubSubSuiteContext): void {
  if (!ctx.has('multipleGroups') && !ctx.has('competingConsumers')) return;

  describe('consumer groups', () => {
    if (ctx.has('multipleGroups')) {
      it(
        'gives each of two groups every message once',
        async () => {
          const topic = ctx.topic('fan-out');
          const [first, second] = [await ctx.record(topic, ctx.group('first')), await ctx.record(topic, ctx.group('second'))];
          const sent = payloads('fan-out', ctx.messageCount);
          for (const payload of sent) await ctx.publish(topic, payload);
          await ctx.eventually('every message in both groups', () => first.hasAcked(sent) && second.hasAcked(sent));
          expect([sorted(first.deliveries.map((d) => d.text)), sorted(second.deliveries.map((d) => d.text))]).toEqual([sorted(sent), sorted(sent)]);
        },
        ctx.testTimeoutMs,
      );
    }

    if (ctx.has('competingConsumers')) {
      it(
        'shares one group between its two subscribers, delivering each message exactly once when all ack',
        async () => {
          const topic = ctx.topic('shared');
          const group = ctx.group('shared');
          const [left, right] = [await ctx.record(topic, group), await ctx.record(topic, group)];
          const sent = payloads('shared', ctx.messageCount);
          for (const payload of sent) await ctx.publish(topic, payload);
          const all = (): string[] => [...left.deliveries, ...right.deliveries].map((d) => d.text);
          await ctx.eventually('every message in the group', () => sent.every((payload) => all().includes(payload)));
          expect(sorted(all())).toEqual(sorted(sent));
        },
        ctx.testTimeoutMs,
      );
    }
  });
}
