import type { DaprClient } from '@dapr/dapr';
import type { DaprdProcess } from '@dapr-ts/testing';
import { tempDirWith } from '@dapr-ts/testing';
import { Protocols, clientFor, startSidecar } from '../../../support/sidecar-pair';

const secretsDir = tempDirWith({
  'secrets.json': JSON.stringify({ redisPassword: 'r3d1s', connectionStrings: { sql: 'Server=sql;Database=orders', mysql: 'root@tcp(db)/x' }, blocked: 'nope' }),
});

const files = {
  'localsecretstore.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: localsecretstore
spec:
  type: secretstores.local.file
  version: v1
  metadata:
  - name: secretsFile
    value: ${secretsDir}/secrets.json
  - name: nestedSeparator
    value: ":"
`,
  'envstore.yaml': `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: envstore
spec:
  type: secretstores.local.env
  version: v1
`,
};

const config = tempDirWith({
  'config.yaml': `apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: secretsconfig
spec:
  secrets:
    scopes:
    - storeName: localsecretstore
      defaultAccess: allow
      deniedSecrets: ["blocked"]
`,
});

describe.each(Protocols)('secrets API over %s with the official SDK', (_name, protocol) => {
  let daprd: DaprdProcess;
  let client: DaprClient;

  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'secrets-e2e', files, env: { E2E_GREETING: 'hello-from-env', DAPR_API_TOKEN: '' }, args: ['--config', `${config}/config.yaml`] });
    client = clientFor(daprd, protocol);
    await client.start();
  });
  afterAll(async () => {
    await client.stop();
    await daprd.cleanup();
  });

  it('reads a secret from a local file', async () => {
    expect(await client.secret.get('localsecretstore', 'redisPassword')).toEqual({ redisPassword: 'r3d1s' });
  });

  it('reads nested secrets through the separator', async () => {
    expect(await client.secret.get('localsecretstore', 'connectionStrings:sql')).toEqual({ 'connectionStrings:sql': 'Server=sql;Database=orders' });
  });

  it('reads a secret from the environment', async () => {
    expect(await client.secret.get('envstore', 'E2E_GREETING')).toEqual({ E2E_GREETING: 'hello-from-env' });
  });

  it('returns every allowed secret in bulk, without the denied one', async () => {
    const all = (await client.secret.getBulk('localsecretstore')) as Record<string, Record<string, string>>;
    expect(all).toEqual({
      redisPassword: { redisPassword: 'r3d1s' },
      'connectionStrings:sql': { 'connectionStrings:sql': 'Server=sql;Database=orders' },
      'connectionStrings:mysql': { 'connectionStrings:mysql': 'root@tcp(db)/x' },
    });
  });

  it('refuses a secret denied by the configuration scopes', async () => {
    await expect(client.secret.get('localsecretstore', 'blocked')).rejects.toThrow(/access denied|403|permission/i);
  });
});

describe('secrets API errors over HTTP', () => {
  let daprd: DaprdProcess;
  beforeAll(async () => {
    daprd = await startSidecar({ appId: 'secrets-errors', files, args: ['--config', `${config}/config.yaml`] });
  });
  afterAll(() => daprd.cleanup());

  it('answers 401 ERR_SECRET_STORE_NOT_FOUND for an unknown store, as Dapr does', async () => {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/secrets/nostore/x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_SECRET_STORE_NOT_FOUND', message: 'failed finding secret store with key nostore' });
  });

  it('answers 403 ERR_PERMISSION_DENIED for a denied secret', async () => {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/secrets/localsecretstore/blocked`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errorCode: 'ERR_PERMISSION_DENIED', message: 'access denied by policy to get "blocked" from "localsecretstore"' });
  });

  it('answers 204 for a secret that does not exist', async () => {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/secrets/localsecretstore/absent`);
    expect(res.status).toBe(204);
  });
});
