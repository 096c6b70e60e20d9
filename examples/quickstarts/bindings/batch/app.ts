// The batch app of Dapr's bindings quickstart: on every tick of the `cron` input binding it writes
// each order of orders.json through the `orderfiles` output binding (bindings.localstorage).
import { DaprServer } from '@dapr/dapr';
import orders from './orders.json';

const CronBinding = 'cron';
const FilesBinding = 'orderfiles';

async function main(): Promise<void> {
  const server = new DaprServer({
    serverHost: '127.0.0.1',
    serverPort: process.env.APP_PORT ?? '5003',
    clientOptions: { daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' },
  });
  await server.binding.receive(CronBinding, async () => {
    console.log('Processing batch..');
    for (const order of orders) {
      const fileName = `orders/order-${order.orderid}.json`;
      await server.client.binding.send(FilesBinding, 'create', order, { fileName });
      console.log(`Wrote ${fileName}: ${JSON.stringify(order)}`);
    }
    console.log('Finished processing batch');
  });
  await server.start();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
