import { MetadataApi } from './metadata-api';

describe('MetadataApi', () => {
  const api = (): MetadataApi =>
    new MetadataApi({
      appId: 'orders',
      runtimeVersion: '1.16.0',
      enabledFeatures: () => [],
      components: () => [{ name: 'statestore', type: 'state.in-memory', version: 'v1', capabilities: ['ETAG'] }],
      appConnection: { port: 3000, protocol: 'http', channelAddress: '127.0.0.1', maxConcurrency: -1 },
    });

  describe('.get()', () => {
    it('reports id, components, app connection and the runtime version under extended', () => {
      const snapshot = api().get();
      expect(snapshot).toMatchObject({
        id: 'orders',
        runtimeVersion: '1.16.0',
        components: [{ name: 'statestore', type: 'state.in-memory', version: 'v1', capabilities: ['ETAG'] }],
        extended: { daprRuntimeVersion: '1.16.0' },
        appConnectionProperties: { port: 3000, protocol: 'http', channelAddress: '127.0.0.1' },
      });
    });
  });

  describe('.set()', () => {
    it('adds custom attributes to extended', () => {
      const m = api();
      m.set('appPID', '42');
      expect(m.get().extended).toEqual({ appPID: '42', daprRuntimeVersion: '1.16.0' });
    });
  });
});
