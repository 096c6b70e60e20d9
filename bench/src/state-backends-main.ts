import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '@dapr-ts/testing';
import { runStateBackendScenarios, StateBenchSettings } from './state-backends';

/**
 * Runs only the state backend scenarios (`npx nx run bench:bench-state`; `BENCH_SECONDS=2` for a
 * short run) and writes bench/results/state-backends.{md,json}.
 */
async function main(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const state = await runStateBackendScenarios({ seconds, registryDir: tempDir('bench-registry-'), log });
  const header = ['scenario', 'p50 / p90 / p99 ms', 'added vs direct (ms)', 'throughput'];
  const table = [header, header.map(() => '---'), ...state.rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const report = `${table}\n\n${state.summary}\nLoad: ${StateBenchSettings.rate} rps open loop, ${StateBenchSettings.connections} connections, loopback, everything on this machine (${process.platform}, node ${process.version}).\n`;
  process.stdout.write(report);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/state-backends.md', report);
  writeFileSync('bench/results/state-backends.json', JSON.stringify(state.results, null, 2));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
