import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, cliEnv, dapr } from '../cli-harness';

describe('dapr init / uninstall', () => {
  beforeAll(() => buildCli());

  it('creates ~/.dapr with in-memory components and config, keeps them on re-init, and uninstall removes it', async () => {
    const env = cliEnv();
    const first = await dapr(['init'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      [
        '⌛  Making the jump to hyperspace...',
        `ℹ️  Created ${env.home}/.dapr/components/statestore.yaml`,
        `ℹ️  Created ${env.home}/.dapr/components/pubsub.yaml`,
        `ℹ️  Created ${env.home}/.dapr/config.yaml`,
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

  it('refuses flags it cannot honour, with one line and exit code 1', async () => {
    const env = cliEnv();
    const res = await dapr(['init', '--redis'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe("❌  unknown flag: --redis; run 'dapr --help' for usage\n");
    expect(existsSync(join(env.home, '.dapr'))).toBe(false);
  });
});
