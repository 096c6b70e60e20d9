import type { DaprdProcess } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { RecordingApp, sidecarFor, type RecordedRequest } from '../../../support/recording-app';
import { DefaultResources, startSidecar } from '../../../support/sidecar-pair';
import { postgresBackend, redisBackend, uniqueConfigKey, type ConfigBackend } from './config-backends';

/** The configuration HTTP API on the wire, with a plain HTTP app receiving the updates. */
describe('configuration over HTTP on the wire', () => {
  const app = new RecordingApp();
  let redis: ConfigBackend;
  let postgres: ConfigBackend;
  let daprd: DaprdProcess;
  const url = (path: string): string => `http://127.0.0.1:${daprd.httpPort}${path}`;
  const getJson = async (path: string): Promise<{ status: number; contentType: string | null; body: unknown }> => {
    const res = await fetch(url(path));
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), body: text === '' ? '' : (JSON.parse(text) as unknown) };
  };
  const updatesFor = (store: string, key: string): RecordedRequest[] => app.to(`/configuration/${store}/${key}`);

  beforeAll(async () => {
    [redis, postgres] = [await redisBackend(), await postgresBackend()];
    await app.listen();
    daprd = await sidecarFor(app, 'config-wire', { ...DefaultResources, 'redis.yaml': redis.component('redisstore'), 'pg.yaml': postgres.component('pgstore') });
  }, 60_000);
  afterAll(async () => {
    await daprd?.cleanup();
    await app.close();
    await redis?.close();
    await postgres?.close();
  });

  describe('GET /configuration/<store>', () => {
    it.each(['v1.0', 'v1.0-alpha1'])('answers the requested items as JSON on /%s', async (version) => {
      const [a, b] = [uniqueConfigKey('a'), uniqueConfigKey('b')];
      await redis.set(a, 'one', '1');
      await redis.set(b, 'two', '');
      await expect(getJson(`/${version}/configuration/redisstore?key=${a}&key=${b}&key=${uniqueConfigKey('missing')}`)).resolves.toEqual({
        status: 200,
        contentType: 'application/json',
        body: { [a]: { value: 'one', version: '1' }, [b]: { value: 'two' } },
      });
    });

    it('answers 204 with no body when none of the keys exist', async () => {
      await expect(getJson(`/v1.0/configuration/pgstore?key=${uniqueConfigKey('missing')}`)).resolves.toEqual({ status: 204, contentType: null, body: '' });
    });
  });

  describe('subscribe and unsubscribe', () => {
    it('POSTs changes to /configuration/<store>/<key> until unsubscribed, then answers {"ok":true}', async () => {
      const key = uniqueConfigKey('sub');
      const { status, body } = await getJson(`/v1.0/configuration/redisstore/subscribe?key=${key}`);
      expect(status).toBe(200);
      const { id } = body as { id: string };
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await redis.set(key, 'on', '3');
      await eventually('the update at the app', () => updatesFor('redisstore', key).length > 0);
      const [update] = updatesFor('redisstore', key);
      expect([update?.headers['content-type'], JSON.parse(update?.body ?? '')]).toEqual(['application/json', { id, items: { [key]: { value: 'on', version: '3' } } }]);

      await expect(getJson(`/v1.0/configuration/redisstore/${id}/unsubscribe`)).resolves.toEqual({ status: 200, contentType: 'application/json', body: { ok: true } });
      // A second subscription (on the alpha1 path) sees the next change, so the first had its chance.
      const second = (await getJson(`/v1.0-alpha1/configuration/redisstore/subscribe?key=${key}`)).body as { id: string };
      await redis.set(key, 'off', '4');
      await eventually('the update for the second subscription', () => updatesFor('redisstore', key).some((r) => (JSON.parse(r.body) as { id: string }).id === second.id));
      expect(updatesFor('redisstore', key).filter((r) => (JSON.parse(r.body) as { id: string }).id === id)).toHaveLength(1);
      await getJson(`/v1.0-alpha1/configuration/redisstore/${second.id}/unsubscribe`);
    });

    it('subscribes to Postgres with metadata.pgNotifyChannel, as Dapr documents', async () => {
      const key = uniqueConfigKey('pg');
      const channel = postgres.subscribeMetadata['pgNotifyChannel'] ?? '';
      const { body } = await getJson(`/v1.0/configuration/pgstore/subscribe?key=${key}&metadata.pgNotifyChannel=${channel}`);
      const { id } = body as { id: string };
      await postgres.set(key, 'from-pg', '9');
      await eventually('the Postgres update at the app', () => updatesFor('pgstore', key).length > 0);
      expect(JSON.parse(updatesFor('pgstore', key)[0]?.body ?? '')).toEqual({ id, items: { [key]: { value: 'from-pg', version: '9' } } });
      await getJson(`/v1.0/configuration/pgstore/${id}/unsubscribe`);
    });

    it('answers 500 {"ok":false,"message"} for a subscription that does not exist', async () => {
      await expect(getJson('/v1.0/configuration/redisstore/no-such-id/unsubscribe')).resolves.toEqual({
        status: 500,
        contentType: 'application/json',
        body: { ok: false, message: 'failed to unsubscribe to configuration request no-such-id: subscription does not exist' },
      });
    });
  });

  describe('errors', () => {
    const errorBody = (errorCode: string, message: string, reason: string) => ({
      errorCode,
      message,
      details: expect.arrayContaining([{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'dapr.io' }]),
    });

    it('answers 400 ERR_CONFIGURATION_STORE_NOT_FOUND for an unknown store', async () => {
      await expect(getJson('/v1.0/configuration/nope?key=a')).resolves.toEqual({
        status: 400,
        contentType: 'application/json',
        body: errorBody('ERR_CONFIGURATION_STORE_NOT_FOUND', 'configuration store nope not found', 'DAPR_CONFIGURATION_STORE_NOT_FOUND'),
      });
    });

    it('answers 500 ERR_CONFIGURATION_SUBSCRIBE when Postgres is not told its channel', async () => {
      const table = (postgres.component('x').match(/name: table\n {4}value: "([^"]+)"/) ?? [])[1];
      await expect(getJson('/v1.0/configuration/pgstore/subscribe?key=a')).resolves.toEqual({
        status: 500,
        contentType: 'application/json',
        body: errorBody(
          'ERR_CONFIGURATION_SUBSCRIBE',
          `failed to subscribe [a] from Configuration store pgstore: configuration.postgresql: subscribing needs the request metadata "pgNotifyChannel", naming the channel the trigger on table ${table} notifies with pg_notify`,
          'DAPR_CONFIGURATION_SUBSCRIBE',
        ),
      });
    });

    describe('on a sidecar without an app', () => {
      let bare: DaprdProcess;
      let none: DaprdProcess;
      beforeAll(async () => {
        [bare, none] = await Promise.all([startSidecar({ appId: 'config-no-app', files: { 'redis.yaml': redis.component('redisstore') } }), startSidecar({ appId: 'config-none' })]);
      }, 60_000);
      afterAll(async () => {
        await Promise.all([bare?.cleanup(), none?.cleanup()]);
      });

      it('answers 500 ERR_APP_CHANNEL_NIL to an HTTP subscription, which has nowhere to deliver', async () => {
        const res = await fetch(`http://127.0.0.1:${bare.httpPort}/v1.0/configuration/redisstore/subscribe?key=a`);
        expect([res.status, await res.json()]).toEqual([500, errorBody('ERR_APP_CHANNEL_NIL', 'app channel is not initialized. cannot subscribe to configuration updates', 'DAPR_CONFIGURATION_APP_CHANNEL_NIL')]);
      });

      it('answers 500 ERR_CONFIGURATION_STORE_NOT_CONFIGURED when no configuration store is loaded', async () => {
        const res = await fetch(`http://127.0.0.1:${none.httpPort}/v1.0/configuration/redisstore?key=a`);
        expect([res.status, await res.json()]).toEqual([500, errorBody('ERR_CONFIGURATION_STORE_NOT_CONFIGURED', 'configuration stores not configured', 'DAPR_CONFIGURATION_STORE_NOT_CONFIGURED')]);
      });
    });
  });
});
