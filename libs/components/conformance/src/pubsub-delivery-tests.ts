import { payloads, sorted, type PubSubSuiteContext } from './pubsub-conformance-config';

/** Publish and subscribe: what every broker must do. */
export function definePubSubDeliveryTests(ctx: PubSubSuiteContext): void {
  describe('.publish() and .subscribe()', () => {
    it(
      'delivers a binary payload byte for byte to a subscriber of the topic',
      async () => {
        const topic = ctx.topic('binary');
        const recorder = await ctx.record(topic, ctx.group('binary'));
        const payload = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x00, 0x41]);
        const metadata = { conformance: 'binary' };
        await ctx.publish(topic, payload, { contentType: 'application/octet-stream', metadata });
        await ctx.eventually('the binary message', () => recorder.deliveries.length > 0);
        const [delivery] = recorder.deliveries;
        expect(delivery?.message.topic).toBe(topic);
        expect(Buffer.from(delivery?.message.data ?? []).toString('hex')).toBe(payload.toString('hex'));
        if (ctx.has('contentType')) expect(delivery?.message.contentType).toBe('application/octet-stream');
        // Brokers may add metadata of their own; the published entries must be among it.
        if (ctx.has('metadata')) expect(delivery?.message.metadata).toMatchObject(metadata);
      },
      ctx.testTimeoutMs,
    );

    it(
      'delivers a CloudEvent JSON unchanged',
      async () => {
        const topic = ctx.topic('cloudevent');
        const recorder = await ctx.record(topic, ctx.group('cloudevent'));
        const event = JSON.stringify({ specversion: '1.0', id: 'a1', source: 'conformance', type: 'com.dapr.event.sent', datacontenttype: 'application/json', data: { text: 'Ünïcödé ✓' } });
        await ctx.publish(topic, event, { contentType: 'application/cloudevents+json' });
        await ctx.eventually('the CloudEvent', () => recorder.deliveries.length > 0);
        expect(recorder.deliveries.map((delivery) => delivery.text)).toEqual([event]);
        if (ctx.has('contentType')) expect(recorder.deliveries[0]?.message.contentType).toBe('application/cloudevents+json');
      },
      ctx.testTimeoutMs,
    );

    it(
      'delivers only messages of the subscribed topic',
      async () => {
        const [topicA, topicB] = [ctx.topic('isolation-a'), ctx.topic('isolation-b')];
        const [a, b] = [await ctx.record(topicA, ctx.group('isolation-a')), await ctx.record(topicB, ctx.group('isolation-b'))];
        await ctx.publish(topicB, 'for-b');
        await ctx.publish(topicA, 'for-a');
        await ctx.eventually('one message on each topic', () => a.acked.length > 0 && b.acked.length > 0);
        expect([a.acked, b.acked]).toEqual([['for-a'], ['for-b']]);
      },
      ctx.testTimeoutMs,
    );

    it(
      `delivers every message of a burst${ctx.has('ordering') ? ', first deliveries in publish order' : ''}`,
      async () => {
        const topic = ctx.topic('burst');
        const recorder = await ctx.record(topic, ctx.group('burst'));
        const sent = payloads('burst', ctx.messageCount);
        for (const payload of sent) await ctx.publish(topic, payload);
        await ctx.eventually(`${sent.length} messages`, () => recorder.hasAcked(sent));
        if (ctx.has('ordering')) expect(recorder.firstDeliveries).toEqual(sent);
        else expect(sorted(recorder.firstDeliveries)).toEqual(sorted(sent));
      },
      ctx.testTimeoutMs,
    );
  });
}
