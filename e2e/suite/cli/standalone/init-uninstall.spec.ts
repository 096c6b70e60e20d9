import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliEnv, dapr } from '../cli-harness';

describe('dapr init / uninstall', () => {
  beforeAll(() => buildCli());

  // --slim throughout: these tests are about ~/.dapr; init-placement.spec covers the placement service.
  it('creates ~/.dapr with in-memory components and config, keeps them on re-init, and uninstall removes it', async () => {
    const env = cliEnv();
    const first = await dapr(['init', '--slim'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        '⌛  Making the jump to hyperspace...',
        `ℹ️  Created ${env.home}/.dapr/components/statestore.yaml`,
        `ℹ️  Created ${env.home}/.dapr/components/pubsub.yaml`,
        `ℹ️  Created ${env.home}/.dapr/config.yaml`,
        "ℹ️  Slim mode: the placement service was not started; for actors start one and pass its address to 'dapr run --placement-host-address'",
        '✅  Success! Dapr is up and running. To get started, go here: https://aka.ms/dapr-getting-started',
        '',
      ].join('\n'),
    );
    expect(readdirSync(join(env.home, '.dapr/components')).sort()).toEqual(['pubsub.yaml', 'statestore.yaml']);
    expect(readFileSync(join(env.home, '.dapr/components/pubsub.yaml'), 'utf8')).toContain('  type: pubsub.in-memory\n');
    expect(readFileSync(join(env.home, '.dapr/components/statestore.yaml'), 'utf8')).toContain('  type: state.in-memory\n');

    writeFileSync(join(env.home, '.dapr/config.yaml'), 'kind: Configuration # edited\n');
    const again = await dapr(['init', '--slim'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`ℹ️  Kept existing ${env.home}/.dapr/config.yaml\n`);
    expect(readFileSync(join(env.home, '.dapr/config.yaml'), 'utf8')).toBe('kind: Configuration # edited\n');

    const removed = await dapr(['uninstall'], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`✅  Dapr has been removed successfully (${env.home}/.dapr deleted)\n`);
    expect(existsSync(join(env.home, '.dapr'))).toBe(false);
  });

  it('refuses --redis with one line and exit code 1 when no Redis answers, writing nothing', async () => {
    const env = cliEnv();
    const res = await dapr(['init', '--slim', '--redis', '--redis-host', '127.0.0.1:1'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('❌  no Redis answered at 127.0.0.1:1: start Redis there, pass --redis-host <host:port>, or run dapr init without --redis for in-memory components\n');
    expect(existsSync(join(env.home, '.dapr'))).toBe(false);
  });

  it('writes Redis components with --redis, and a sidecar started by dapr run keeps state in that Redis', async () => {
    const env = cliEnv();
    const redisHost = process.env['REDIS_HOST'] ?? '127.0.0.1:6379';
    const res = await dapr(['init', '--slim', '--redis', '--redis-host', redisHost], env);
    expect(res.code).toBe(0);
    expect(readFileSync(join(env.home, '.dapr/components/statestore.yaml'), 'utf8')).toContain('  type: state.redis\n');
    expect(readFileSync(join(env.home, '.dapr/components/pubsub.yaml'), 'utf8')).toContain('  type: pubsub.redis\n');
    const key = `cli-redis-${process.pid}-${Date.now()}`;
    const script = `const port = process.env.DAPR_HTTP_PORT;
const base = 'http://127.0.0.1:' + port + '/v1.0/state/statestore';
fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ key: '${key}', value: { via: 'redis' } }]) })
  .then(() => fetch(base + '/${key}'))
  .then((r) => r.text())
  .then((t) => console.log('read back ' + t));`;
    const run = await dapr(['run', '--app-id', 'redis-user', '--', process.execPath, '-e', script], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('== APP == read back {"via":"redis"}');
  });
});
