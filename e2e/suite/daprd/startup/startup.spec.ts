import { spawnSync } from 'node:child_process';
import { DaprdMain, DaprdProcess, tempDir, tempDirWith } from '@dapr-ts/testing';

function daprd(args: string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [DaprdMain, ...args], { env: { ...process.env, DAPR_REGISTRY_DIR: tempDir('reg-'), ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The `msg` of the error line, from a run with `--log-as-json`. */
function fatal(out: string): string {
  const line = out.split('\n').find((l) => l.includes('"level":"error"'));
  return line ? (JSON.parse(line) as { msg: string }).msg : out;
}

const component = (name: string, type: string, extra = ''): string => `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: ${type}
  version: v1
${extra}`;

describe('daprd startup', () => {
  it('exits 1 with one clear line on an unknown flag', () => {
    const { code, out } = daprd(['--app-id', 'x', '--no-such-flag']);
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe('unknown flag: --no-such-flag');
  });

  it('exits 1 on a bad flag value', () => {
    const { code, out } = daprd(['--dapr-http-port', 'many']);
    expect(code).toBe(1);
    expect(out).toContain('invalid value "many" for flag --dapr-http-port');
  });

  it('refuses to start with an unknown component type, naming file, component and field', () => {
    const dir = tempDirWith({ 'bad.yaml': component('mystore', 'state.nosuchdb') });
    const { code, out } = daprd(['--app-id', 'x', '--resources-path', dir, '--dapr-http-port', '0', '--dapr-grpc-port', '0', '--log-as-json']);
    expect(code).toBe(1);
    expect(fatal(out)).toMatch(new RegExp(`^Fatal error from runtime: ${dir}/bad\\.yaml: Component "mystore": spec\\.type: unknown component type state\\.nosuchdb/v1; known types: state\\.in-memory/v1(, state\\.[a-z]+/v1)*$`));
  });

  it('refuses to start with an invalid CEL rule in a Subscription, naming file and resource', () => {
    const dir = tempDirWith({
      'sub.yaml': `apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: broken-routes
spec:
  pubsubname: pubsub
  topic: orders
  routes:
    rules:
    - match: event.type ==
      path: /x
`,
    });
    const { code, out } = daprd(['--app-id', 'x', '--resources-path', dir, '--dapr-http-port', '0', '--dapr-grpc-port', '0', '--log-as-json']);
    expect(code).toBe(1);
    expect(fatal(out)).toContain(`Fatal error from runtime: Subscription "broken-routes" in ${dir}/sub.yaml: `);
    expect(fatal(out)).toContain('event.type ==');
  });

  it('refuses to start with a malformed YAML file, naming it', () => {
    const dir = tempDirWith({ 'broken.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: [oops\n' });
    const { code, out } = daprd(['--app-id', 'x', '--resources-path', dir, '--dapr-http-port', '0', '--dapr-grpc-port', '0']);
    expect(code).toBe(1);
    expect(out).toContain(`${dir}/broken.yaml: invalid YAML`);
  });

  it('refuses to start when a component misses spec.type', () => {
    const dir = tempDirWith({ 'c.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: nospec\nspec:\n  version: v1\n' });
    const { code, out } = daprd(['--app-id', 'x', '--resources-path', dir, '--dapr-http-port', '0', '--dapr-grpc-port', '0', '--log-as-json']);
    expect(code).toBe(1);
    expect(fatal(out)).toBe(`Fatal error from runtime: ${dir}/c.yaml: Component "nospec": spec.type: is required`);
  });

  it('starts anyway when the failing component sets ignoreErrors', async () => {
    const dir = tempDirWith({
      'bad.yaml': component('mystore', 'state.nosuchdb').replace('spec:\n', 'spec:\n  ignoreErrors: true\n'),
      'good.yaml': component('statestore', 'state.in-memory'),
    });
    const p = new DaprdProcess({ appId: 'ignore-errors', resourcesPaths: [dir], registryDir: tempDir('reg-') });
    await p.run();
    await p.waitUntilRunning();
    const md = (await (await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/metadata`)).json()) as { components: { name: string }[] };
    expect(md.components.map((c) => c.name)).toEqual(['statestore']);
    expect(p.logs).toContain('ignored: spec.ignoreErrors is true');
    await p.cleanup();
  });

  it('expands ${ENV} references in metadata and resolves secretKeyRef through auth.secretStore', async () => {
    const secrets = tempDirWith({ 'secrets.json': JSON.stringify({ dbPrefix: 'from-secret' }) });
    const dir = tempDirWith({
      'secrets.yaml': component('localsecrets', 'secretstores.local.file', `  metadata:\n  - name: secretsFile\n    value: \${SECRETS_DIR}/secrets.json\n`),
      'state.yaml': `${component('statestore', 'state.in-memory', '  metadata:\n  - name: keyPrefix\n    secretKeyRef:\n      name: dbPrefix\n      key: dbPrefix\n')}auth:\n  secretStore: localsecrets\n`,
    });
    const p = new DaprdProcess({ appId: 'env-expansion', resourcesPaths: [dir], registryDir: tempDir('reg-'), env: { SECRETS_DIR: secrets } });
    await p.run();
    await p.waitUntilRunning();
    const res = await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/state/statestore`, { method: 'POST', body: '[{"key":"k","value":1}]', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(204);
    expect((await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/state/statestore/k`)).status).toBe(200);
    await p.cleanup();
  });

  it('refuses to start when an ${ENV} reference is unset', () => {
    const dir = tempDirWith({ 's.yaml': component('statestore', 'state.in-memory', '  metadata:\n  - name: keyPrefix\n    value: ${NOT_SET_ANYWHERE}\n') });
    const { code, out } = daprd(['--app-id', 'x', '--resources-path', dir, '--dapr-http-port', '0', '--dapr-grpc-port', '0']);
    expect(code).toBe(1);
    expect(out).toContain('spec.metadata[keyPrefix]: environment variable NOT_SET_ANYWHERE is not set');
  });

  it('exits 1 when its port is taken', async () => {
    const first = new DaprdProcess({ appId: 'first', registryDir: tempDir('reg-') });
    await first.run();
    await first.waitUntilRunning();
    const { code, out } = daprd(['--app-id', 'second', '--dapr-http-port', String(first.httpPort), '--dapr-grpc-port', '0', '--dapr-internal-grpc-port', '0']);
    expect(code).toBe(1);
    expect(out).toMatch(/EADDRINUSE|address already in use/);
    await first.cleanup();
  });

  it('answers /v1.0/metadata before the app is reachable, and healthz only after', async () => {
    const p = new DaprdProcess({ appId: 'waits-for-app', appPort: 1, registryDir: tempDir('reg-') });
    await p.run();
    await p.waitUntilRunning();
    expect((await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/metadata`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/healthz`)).status).toBe(500);
    await p.cleanup();
  });

  it('listens only on --dapr-listen-addresses', async () => {
    const p = new DaprdProcess({ appId: 'listen-addresses', registryDir: tempDir('reg-'), args: ['--dapr-listen-addresses', '127.0.0.1'] });
    await p.run();
    await p.waitUntilRunning();
    expect((await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/healthz`)).status).toBe(204);
    await expect(fetch(`http://[::1]:${p.httpPort}/v1.0/healthz`)).rejects.toThrow();
    await p.cleanup();
  });

  it('writes JSON log lines with Dapr fields under --log-as-json', async () => {
    const p = new DaprdProcess({ appId: 'json-logs', registryDir: tempDir('reg-'), args: ['--log-as-json'] });
    await p.run();
    await p.waitUntilRunning();
    const line = JSON.parse(p.logs.split('\n').find((l) => l.includes('Status: Running'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'dapr initialized. Status: Running.', scope: 'dapr.runtime', app_id: 'json-logs', type: 'log' });
    expect(typeof line['time']).toBe('string');
    expect(typeof line['instance']).toBe('string');
    expect(String(line['ver'])).toMatch(/^1\.16\./);
    await p.cleanup();
  });

  it('logs one request line per API call under --enable-api-logging', async () => {
    const p = new DaprdProcess({ appId: 'api-logging', registryDir: tempDir('reg-'), args: ['--log-as-json', '--enable-api-logging'] });
    await p.run();
    await p.waitUntilRunning();
    await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/metadata`);
    await new Promise((r) => setTimeout(r, 200));
    const lines = p.logs.split('\n').filter((l) => l.includes('"type":"request"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['path'] === '/v1.0/metadata')).toMatchObject({ msg: 'HTTP API Called', method: 'GET', code: 200, scope: 'dapr.runtime.http', app_id: 'api-logging' });
    await p.cleanup();
  });

  it('shuts down on SIGTERM with exit code 0', async () => {
    const p = new DaprdProcess({ appId: 'sigterm', registryDir: tempDir('reg-') });
    await p.run();
    await p.waitUntilRunning();
    expect(await p.cleanup('SIGTERM')).toBe(0);
  });

  it('shuts down through POST /v1.0/shutdown', async () => {
    const p = new DaprdProcess({ appId: 'shutdown-api', registryDir: tempDir('reg-') });
    await p.run();
    await p.waitUntilRunning();
    expect((await fetch(`http://127.0.0.1:${p.httpPort}/v1.0/shutdown`, { method: 'POST' })).status).toBe(204);
    expect(await p.exitCode()).toBe(0);
  });
});
