import { CommunicationProtocolEnum, HttpMethod, type DaprClient } from '@dapr/dapr';
import { tempDir } from '@dapr-ts/testing';
import { Protocols, appWithSidecar, clientFor } from '../../../support/sidecar-pair';

type App = Awaited<ReturnType<typeof appWithSidecar>>;

describe('service invocation between two sidecars and two SDK apps', () => {
  const registryDir = tempDir('dapr-registry-');
  let httpApp: App;
  let grpcApp: App;
  const seen: { app: string; body: unknown; headers?: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    httpApp = await appWithSidecar({ appId: 'orders-http', protocol: CommunicationProtocolEnum.HTTP, registryDir });
    await httpApp.server.invoker.listen(
      'neworder',
      async (data) => {
        // The SDK's HTTP server hands the body over as JSON text and `query` as the original URL.
        const body = JSON.parse(String(data.body)) as unknown;
        seen.push({ app: 'orders-http', body, headers: data.headers as Record<string, unknown> });
        return { accepted: true, echo: body, url: data.query };
      },
      { method: HttpMethod.POST },
    );
    await httpApp.server.invoker.listen('status', async () => ({ status: 'up' }), { method: HttpMethod.GET });
    grpcApp = await appWithSidecar({ appId: 'orders-grpc', protocol: CommunicationProtocolEnum.GRPC, registryDir });
    await grpcApp.server.invoker.listen(
      'neworder',
      async (data) => {
        seen.push({ app: 'orders-grpc', body: data.body });
        return { accepted: true, via: 'grpc-app', echo: typeof data.body === 'string' ? JSON.parse(data.body) : data.body };
      },
      { method: HttpMethod.POST },
    );
    await Promise.all([httpApp.start(), grpcApp.start()]);
  });

  afterAll(async () => {
    await Promise.all([httpApp?.stop(), grpcApp?.stop()]);
  });

  describe.each(Protocols)('from a %s client', (_name, protocol) => {
    let client: DaprClient;
    beforeAll(async () => {
      // The client talks to the gRPC app's sidecar, so calls to the HTTP app cross sidecars.
      client = clientFor(grpcApp.daprd, protocol);
      await client.start();
    });
    afterAll(() => client.stop());

    it('invokes a method on an HTTP app behind another sidecar', async () => {
      const result = await client.invoker.invoke('orders-http', 'neworder', HttpMethod.POST, { orderId: 1 });
      expect(result).toEqual({ accepted: true, echo: { orderId: 1 }, url: '/neworder' });
      const call = seen.filter((s) => s.app === 'orders-http').at(-1);
      expect(call?.headers?.['dapr-caller-app-id']).toBe('orders-grpc');
      expect(call?.headers?.['dapr-callee-app-id']).toBe('orders-http');
    });

    it('invokes a GET method', async () => {
      expect(await client.invoker.invoke('orders-http', 'status', HttpMethod.GET)).toEqual({ status: 'up' });
    });

    it('invokes a gRPC app through its own sidecar', async () => {
      const result = await client.invoker.invoke('orders-grpc', 'neworder', HttpMethod.POST, { orderId: 2 });
      expect(result).toEqual({ accepted: true, via: 'grpc-app', echo: { orderId: 2 } });
    });
  });

  it.each(Protocols)('invokes a gRPC app behind another sidecar from a %s client', async (_name, protocol) => {
    const client = clientFor(httpApp.daprd, protocol);
    await client.start();
    expect(await client.invoker.invoke('orders-grpc', 'neworder', HttpMethod.POST, { orderId: 5 })).toEqual({ accepted: true, via: 'grpc-app', echo: { orderId: 5 } });
    await client.stop();
  });

  it('passes status, query and headers through on the HTTP API', async () => {
    const res = await fetch(`http://127.0.0.1:${grpcApp.daprd.httpPort}/v1.0/invoke/orders-http/method/neworder?size=large&n=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: JSON.stringify({ orderId: 3 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: true, echo: { orderId: 3 }, url: '/neworder?size=large&n=2' });
    expect(seen.filter((s) => s.app === 'orders-http').at(-1)?.headers?.['x-custom']).toBe('yes');
    const missing = await fetch(`http://127.0.0.1:${grpcApp.daprd.httpPort}/v1.0/invoke/orders-http/method/no-such-method`);
    expect(missing.status).toBe(404);
  });

  it('accepts the dapr-app-id header form', async () => {
    const res = await fetch(`http://127.0.0.1:${grpcApp.daprd.httpPort}/neworder`, {
      method: 'POST',
      headers: { 'dapr-app-id': 'orders-http', 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 4 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: true, echo: { orderId: 4 } });
  });

  it('answers an unknown app id with 404 ERR_DIRECT_INVOKE', async () => {
    const res = await fetch(`http://127.0.0.1:${grpcApp.daprd.httpPort}/v1.0/invoke/nobody/method/x`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_DIRECT_INVOKE' });
  });
});
