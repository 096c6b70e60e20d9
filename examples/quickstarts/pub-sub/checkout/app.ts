// The publisher of Dapr's pub/sub quickstart: publishes ten orders to `orders` on `orderpubsub`,
// one a second.
import { DaprClient } from '@dapr/dapr';

const PubSubName = 'orderpubsub';
const Topic = 'orders';
const Orders = 10;
const IntervalMs = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `/v1.0/metadata` lists running subscriptions; the SDK's type leaves them out. */
type MetadataWithSubscriptions = Awaited<ReturnType<DaprClient['metadata']['get']>> & { subscriptions?: { pubsubname: string; topic: string }[] };

/**
 * An in-memory broker keeps no message nobody subscribed to: wait until the order processor's
 * subscription is running before publishing (Dapr's Redis broker would queue them instead).
 */
async function waitForSubscriber(client: DaprClient, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { subscriptions = [] } = (await client.metadata.get()) as MetadataWithSubscriptions;
    if (subscriptions.some((s) => s.pubsubname === PubSubName && s.topic === Topic)) return;
    await sleep(200);
  }
  throw new Error(`no subscriber for ${PubSubName}/${Topic} after ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  // pubsub.in-memory is one broker per sidecar (as in Dapr), so checkout publishes through the
  // order processor's sidecar (PUBSUB_DAPR_HTTP_PORT, set in dapr.yaml). With a shared broker
  // such as Redis, drop that variable and checkout uses its own sidecar (DAPR_HTTP_PORT).
  const daprPort = process.env.PUBSUB_DAPR_HTTP_PORT ?? process.env.DAPR_HTTP_PORT ?? '3500';
  const client = new DaprClient({ daprHost: '127.0.0.1', daprPort });
  await waitForSubscriber(client);
  for (let orderId = 1; orderId <= Orders; orderId++) {
    const order = { orderId };
    // The SDK reports publish errors in the result instead of throwing.
    const published = await client.pubsub.publish(PubSubName, Topic, order);
    if (published.error) throw published.error;
    console.log(`Published data: ${JSON.stringify(order)}`);
    await sleep(IntervalMs);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
