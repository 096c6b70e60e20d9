// The subscriber of Dapr's pub/sub quickstart: prints every order published to `orders` on
// `orderpubsub`. The SDK answers the sidecar's GET /dapr/subscribe with this subscription.
import { DaprServer } from '@dapr/dapr';

const PubSubName = 'orderpubsub';
const Topic = 'orders';

async function main(): Promise<void> {
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: process.env.APP_PORT ?? '5002',
    clientOptions: { daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' },
  });
  await server.pubsub.subscribe(PubSubName, Topic, async (order: unknown) => {
    console.log(`Subscriber received: ${JSON.stringify(order)}`);
  });
  await server.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
