import { CommunicationProtocolEnum, HttpMethod } from '@dapr/dapr';
import type { DaprdProcess } from '@dapr-ts/testing';
import { rawUnary } from '../../../support/raw-grpc';
import { Protocols, clientFor, startSidecar } from '../../../support/sidecar-pair';

const Token = 'e2e-secret-token';

describe('API token (DAPR_API_TOKEN)', () => {
  let daprd: DaprdProcess;
  const base = (): string => `http://127.0.0.1:${daprd.httpPort}`;

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'token-e2e', env: { DAPR_API_TOKEN: Token } });
  });
  afterAll(() => daprd.cleanup());

  it.each(Protocols)('lets the SDK in over %s when it sends the token', async (_name, protocol) => {
    const client = clientFor(daprd, protocol, { daprApiToken: Token });
    await client.start();
    await client.state.save('statestore', [{ key: `k-${protocol}`, value: 'guarded' }]);
    expect(await client.state.get('statestore', `k-${protocol}`)).toBe('guarded');
    expect((await client.metadata.get()).id).toBe('token-e2e');
    await client.stop();
  });

  it.each([
    ['GET', '/v1.0/metadata'],
    ['GET', '/v1.0/state/statestore/x'],
    ['POST', '/v1.0/healthz'],
    ['GET', '/v1.0/metadata?x=/healthz'],
    ['GET', '/v1.0/healthz/../state/statestore/x'],
    ['GET', '/v1.0/invoke/token-e2e/method/v1.0/healthz'],
  ])('answers 401 to %s %s without the token', async (method, path) => {
    const res = await fetch(`${base()}${path}`, { method });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('invalid api token');
  });

  it('answers 401 to a wrong token', async () => {
    const res = await fetch(`${base()}/v1.0/metadata`, { headers: { 'dapr-api-token': 'wrong' } });
    expect(res.status).toBe(401);
  });

  it.each(['/v1.0/healthz', '/v1.0/healthz/outbound', '/v1.0/healthz/'])('leaves GET %s open', async (path) => {
    const res = await fetch(`${base()}${path}`);
    expect(res.status).toBe(204);
  });

  it('answers Unauthenticated over gRPC without the token', async () => {
    const err = await rawUnary(daprd.grpcPort, '/dapr.proto.runtime.v1.Dapr/GetMetadata');
    expect(err?.code).toBe(16);
  });

  it('rejects the SDK over HTTP without a token', async () => {
    const res = await fetch(`${base()}/v1.0/state/statestore`, { method: 'POST', body: '[{"key":"a","value":1}]', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('does not forward the API token to the app (invocation strips it)', async () => {
    // Self-invocation without an app channel is refused, but after the token check passed.
    const client = clientFor(daprd, CommunicationProtocolEnum.HTTP, { daprApiToken: Token });
    await expect(client.invoker.invoke('token-e2e', 'x', HttpMethod.GET)).rejects.toThrow(/app channel is not initialized|500/);
  });
});
