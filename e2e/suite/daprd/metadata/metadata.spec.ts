import type { DaprClient } from '@dapr/dapr';
import type { DaprdProcess } from '@dapr-ts/testing';
import { Protocols, clientFor, startSidecar } from '../../../support/sidecar-pair';

describe.each(Protocols)('metadata API over %s with the official SDK', (_name, protocol) => {
  let daprd: DaprdProcess;
  let client: DaprClient;

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'metadata-e2e' });
    client = clientFor(daprd, protocol);
    await client.start();
  });
  afterAll(async () => {
    await client.stop();
    await daprd.cleanup();
  });

  it('reports the app id and the loaded components with capabilities', async () => {
    const md = await client.metadata.get();
    expect(md.id).toBe('metadata-e2e');
    expect(md.components).toEqual([{ name: 'statestore', type: 'state.in-memory', version: 'v1', capabilities: ['ETAG', 'TRANSACTIONAL', 'TTL', 'ACTOR'] }]);
  });

  it('stores custom attributes under extended', async () => {
    await client.metadata.set(`key-${protocol}`, 'value-1');
    const md = await client.metadata.get();
    expect(md.extended[`key-${protocol}`]).toBe('value-1');
    expect(md.extended['daprRuntimeVersion']).toMatch(/^1\.16\./);
  });

  it('reports healthy', async () => {
    expect(await client.health.isHealthy()).toBe(true);
  });
});

describe.each(Protocols)('sidecar shutdown over %s with the official SDK', (_name, protocol) => {
  it('stops the sidecar gracefully (exit code 0)', async () => {
    const daprd = await startSidecar({ appId: `shutdown-${protocol}` });
    const client = clientFor(daprd, protocol);
    await client.start();
    await client.sidecar.shutdown();
    expect(await daprd.exitCode()).toBe(0);
    await client.stop().catch(() => undefined);
  });
});
