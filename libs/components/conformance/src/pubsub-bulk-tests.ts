import { bulkPublish } from '@dapr-ts/components-pubsub';
import { payloads, sorted, type PubSubSuiteContext } from './pubsub-conformance-config';

/** Bulk publishing, natively or through the contract's `bulkPublish` helper. */
export function defineBulkPublishTests(ctx: PubSubSuiteContext): void {
  describe(`bulkPublish() (${ctx.has('bulkPublish') ? 'native' : 'helper'})`, () => {
    it(
      'delivers every entry and reports no failed entries',
      async () => {
        const topic = ctx.topic('bulk');
        const recorder = await ctx.record(topic, ctx.group('bulk'));
        const sent = payloads('bulk', 10);
        const response = await bulkPublish(
          ctx.pubsub(),
          {
            topic,
            metadata: { shared: 'request' },
            entries: sent.map((payload, i) => ({ entryId: `e${i}`, data: Buffer.from(payload), contentType: 'text/plain', metadata: { entry: String(i) } })),
          },
          ctx.signal,
        );
        expect(response).toEqual({ failedEntries: [] });
        await ctx.eventually(`${sent.length} entries`, () => recorder.hasAcked(sent));
        expect(sorted(recorder.firstDeliveries)).toEqual(sorted(sent));
        for (const delivery of recorder.deliveries) {
          expect(delivery.message.topic).toBe(topic);
          if (ctx.has('contentType')) expect(delivery.message.contentType).toBe('text/plain');
          // The request metadata applies to every entry; an entry's own comes on top.
          if (ctx.has('metadata')) expect(delivery.message.metadata).toMatchObject({ shared: 'request', entry: delivery.text.replace('bulk-', '') });
        }
      },
      ctx.testTimeoutMs,
    );
  });
}
