// The order app of Dapr's hello-world: `neworder` stores the order in the state store through its
// sidecar, `order` reads the last one back. `dapr run` tells it its port (APP_PORT) and its
// sidecar's port (DAPR_HTTP_PORT).
import { DaprServer, HttpMethod } from '@dapr/dapr';

const StateStore = 'statestore';

interface Order {
  orderId: number;
}

const AppPort = process.env.APP_PORT ?? '3000';

async function main(): Promise<void> {
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: AppPort,
    clientOptions: { daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' },
  });

  await server.invoker.listen(
    'neworder',
    async ({ body }) => {
      const order = (JSON.parse(body ?? '{}') as { data: Order }).data;
      console.log(`Got a new order! Order ID: ${order.orderId}`);
      // The SDK reports state errors in the result instead of throwing.
      const saved = await server.client.state.save(StateStore, [{ key: 'order', value: order }]);
      if (saved.error) throw saved.error;
      console.log(`Successfully persisted state for Order ID: ${order.orderId}`);
      return { saved: order.orderId };
    },
    { method: HttpMethod.POST },
  );

  await server.invoker.listen('order', async () => server.client.state.get(StateStore, 'order'), { method: HttpMethod.GET });

  await server.start();
  console.log(`Node App listening on port ${AppPort}!`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
