import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '@dapr-ts/testing';
import { ActorBenchSettings, runActorScenarios } from './actors-scenarios';
import { runRole } from './roles';

/** Runs only the actor scenarios (`npx nx run bench:bench-actors`) and writes bench/results/actors.{md,json}. */
async function main(): Promise<void> {
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const actors = await runActorScenarios({ ...ActorBenchSettings, seconds, registryDir: tempDir('bench-registry-'), log });
  const header = ['scenario', 'p50 / p90 / p99 ms', 'added vs direct (ms)', 'throughput'];
  const table = [header, header.map(() => '---'), ...actors.rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const report = `${table}\n\n${actors.summary}\nLoad: ${seconds} s per run, ${ActorBenchSettings.connections} connections, loopback, everything on this machine (${process.platform}, node ${process.version}).\n`;
  process.stdout.write(report);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/actors.md', report);
  writeFileSync('bench/results/actors.json', JSON.stringify(actors.results, null, 2));
}

const roleIndex = process.argv.indexOf('--role');
// A role process keeps serving until the orchestrator kills it.
(roleIndex > 0 ? runRole(process.argv[roleIndex + 1] as string, process.argv.slice(roleIndex + 2)) : main().then(() => process.exit(0))).catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
