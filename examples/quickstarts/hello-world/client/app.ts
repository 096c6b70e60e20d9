// The caller of Dapr's hello-world: sends ten orders to `nodeapp` through its own sidecar (service
// invocation), one a second, then reads the last saved order back.
import { DaprClient, HttpMethod } from '@dapr/dapr';

const TargetAppId = 'nodeapp';
const Orders = 10;
const IntervalMs = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Both apps start at once: retry while `nodeapp` or its sidecar is still coming up. */
async function invokeWhenReady<T>(call: () => Promise<T>, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(1000);
    }
  }
}

async function main(): Promise<void> {
  const client = new DaprClient({ daprHost: '127.0.0.1', daprPort: process.env.DAPR_HTTP_PORT ?? '3500' });
  for (let orderId = 1; orderId <= Orders; orderId++) {
    const order = { orderId };
    await invokeWhenReady(() => client.invoker.invoke(TargetAppId, 'neworder', HttpMethod.POST, { data: order }));
    console.log(`Order passed: ${JSON.stringify(order)}`);
    await sleep(IntervalMs);
  }
  const saved = await client.invoker.invoke(TargetAppId, 'order', HttpMethod.GET);
  console.log(`Last saved order: ${JSON.stringify(saved)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
