import { mkdirSync, writeFileSync } from 'node:fs';
import { credentials } from '@grpc/grpc-js';
import { DaprdProcess, tempDir, tempDirWith } from '@dapr-ts/testing';
import { commonV1, runtimeV1 } from '@dapr-ts/proto';
import { ActorBenchSettings, runActorScenarios } from './actors-scenarios';
import { fixedRate, fixedRateHttp, type LatencyResult } from './fixed-rate';
import { load } from './load';
import { rssMb, startRole } from './processes';
import { runPubSubScenarios } from './pubsub-scenarios';
import { runRole } from './roles';

const Rate = 1000;
/** A rate this 2-core box serves without queueing, to show the unsaturated cost of each hop. */
const LightRate = 200;
const Connections = 16;
const Seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const Body = Buffer.from(JSON.stringify({ data: 'y'.repeat(1000) }));
const StateResources = { 'statestore.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n' };

async function main(): Promise<void> {
  const rows: string[][] = [];
  const results: Record<string, unknown> = {};
  const added = (r: LatencyResult, base: LatencyResult): string => `+${(r.p50 - base.p50).toFixed(2)} / +${(r.p90 - base.p90).toFixed(2)} / +${(r.p99 - base.p99).toFixed(2)}`;
  const ms = (r: LatencyResult): string => `${r.p50.toFixed(2)} / ${r.p90.toFixed(2)} / ${r.p99.toFixed(2)}`;
  const achieved = (r: LatencyResult): string => `${r.achievedRps.toFixed(0)} rps, ${r.errors} errors`;
  const cleanup: (() => Promise<unknown> | void)[] = [];
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  try {
    const registryDir = tempDir('bench-registry-');
    const echo = await startRole('echo', []);
    cleanup.push(() => void echo.child.kill());
    const grpcEcho = await startRole('grpc-echo', []);
    cleanup.push(() => void grpcEcho.child.kill());
    const proxy2 = await startRole('proxy', [String(echo.port)]);
    const proxy1 = await startRole('proxy', [String(proxy2.port)]);
    cleanup.push(() => void proxy1.child.kill(), () => void proxy2.child.kill());

    const started = Date.now();
    const callee = new DaprdProcess({ appId: 'bench-app', appPort: echo.port, registryDir, resourcesPaths: [tempDirWith(StateResources)], logLevel: 'warn' });
    await callee.run();
    await callee.waitUntilAppReady();
    const startupMs = Date.now() - started;
    const caller = new DaprdProcess({ appId: 'bench-caller', registryDir, resourcesPaths: [tempDirWith(StateResources)], logLevel: 'warn' });
    await caller.run();
    await caller.waitUntilRunning();
    const grpcCallee = new DaprdProcess({ appId: 'bench-grpc-app', appPort: grpcEcho.port, appProtocol: 'grpc', registryDir, logLevel: 'warn' });
    await grpcCallee.run();
    await grpcCallee.waitUntilAppReady();
    cleanup.push(() => callee.cleanup(), () => caller.cleanup(), () => grpcCallee.cleanup());
    const idleRss = rssMb(caller.pid);

    const invokePath = '/v1.0/invoke/bench-app/method/echo';
    let loadedRss = 0;
    const latencyAt = async (rate: number): Promise<{ sidecarAdded: number; proxyAdded: number }> => {
      const http = (origin: string, path: string): Promise<LatencyResult> => fixedRateHttp({ origin, path, method: 'POST', body: Body, rate, connections: Connections, seconds: Seconds });
      const warm = async (origin: string, path: string): Promise<void> => void (await fixedRateHttp({ origin, path, method: 'POST', body: Body, rate: Math.min(rate, 500), connections: Connections, seconds: 2 }));
      log(`HTTP at ${rate} rps: direct, bare Node proxy pair, daprd pair`);
      await warm(`http://127.0.0.1:${echo.port}`, '/echo');
      const direct = await http(`http://127.0.0.1:${echo.port}`, '/echo');
      await warm(`http://127.0.0.1:${proxy1.port}`, '/echo');
      const proxied = await http(`http://127.0.0.1:${proxy1.port}`, '/echo');
      await warm(`http://127.0.0.1:${caller.httpPort}`, invokePath);
      const sampler = setInterval(() => (loadedRss = Math.max(loadedRss, rssMb(caller.pid))), 250);
      const dapr = await http(`http://127.0.0.1:${caller.httpPort}`, invokePath);
      clearInterval(sampler);
      log(`gRPC at ${rate} rps: direct and daprd pair`);
      const grpcDirect = await grpcLoad(new runtimeV1.AppCallbackClient(`127.0.0.1:${grpcEcho.port}`, credentials.createInsecure()), 'direct', rate);
      const grpcDapr = await grpcLoad(new runtimeV1.DaprClient(`127.0.0.1:${caller.grpcPort}`, credentials.createInsecure()), 'dapr', rate);
      const at = `@${rate} rps`;
      rows.push([`HTTP direct (app) ${at}`, ms(direct), '—', achieved(direct)]);
      rows.push([`HTTP bare Node proxy pair ${at}`, ms(proxied), added(proxied, direct), achieved(proxied)]);
      rows.push([`HTTP app→daprd→daprd→app ${at}`, ms(dapr), added(dapr, direct), achieved(dapr)]);
      rows.push([`gRPC direct (app OnInvoke) ${at}`, ms(grpcDirect), '—', achieved(grpcDirect)]);
      rows.push([`gRPC InvokeService via daprd pair ${at}`, ms(grpcDapr), added(grpcDapr, grpcDirect), achieved(grpcDapr)]);
      results[`rate${rate}`] = { direct, proxied, dapr, grpcDirect, grpcDapr };
      return { sidecarAdded: dapr.p50 - direct.p50, proxyAdded: proxied.p50 - direct.p50 };
    };
    const light = await latencyAt(LightRate);
    const heavy = await latencyAt(Rate);

    log('state GET saturated, and the bare node:http baseline');
    await fetch(`http://127.0.0.1:${caller.httpPort}/v1.0/state/statestore`, { method: 'POST', body: JSON.stringify([{ key: 'k', value: { data: 'z'.repeat(1000) } }]) });
    const baseline = await load({ url: `http://127.0.0.1:${echo.port}/`, connections: 32, durationSec: Seconds });
    const stateGet = await load({ url: `http://127.0.0.1:${caller.httpPort}/v1.0/state/statestore/k`, connections: 32, durationSec: Seconds });
    rows.push(['bare node:http GET, saturated', `${baseline.p50} / ${baseline.p90} / ${baseline.p99} (ms, autocannon)`, '—', `${baseline.rps.toFixed(0)} req/s`]);
    rows.push(['daprd in-memory state GET, saturated', `${stateGet.p50} / ${stateGet.p90} / ${stateGet.p99} (ms, autocannon)`, '—', `${stateGet.rps.toFixed(0)} req/s (${((100 * stateGet.rps) / baseline.rps).toFixed(0)}% of bare), ${stateGet.errors + stateGet.non2xx} errors`]);

    const pubsub = await runPubSubScenarios({ seconds: Seconds, rate: LightRate, connections: Connections, registryDir, baselineRps: baseline.rps, log });
    rows.push(...pubsub.rows);

    const actors = await runActorScenarios({ ...ActorBenchSettings, seconds: Seconds, registryDir, log });
    rows.push(...actors.rows);

    const header = ['scenario', 'p50 / p90 / p99 ms', 'added vs direct (ms)', 'throughput'];
    const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
    const ratio = (r: { sidecarAdded: number; proxyAdded: number }): string =>
      `daprd pair +${r.sidecarAdded.toFixed(2)} ms vs bare Node proxy pair +${r.proxyAdded.toFixed(2)} ms (${(r.sidecarAdded / r.proxyAdded).toFixed(1)}x)`;
    const summary = [
      `Added p50 at ${LightRate} rps: ${ratio(light)}; at ${Rate} rps: ${ratio(heavy)}.`,
      `daprd RSS: idle ${idleRss.toFixed(1)} MB, peak under ${Rate} rps ${loadedRss.toFixed(1)} MB. Start to healthz 204 (with app): ${startupMs} ms.`,
      pubsub.summary,
      actors.summary,
      `Load: ${LightRate} and ${Rate} rps, ${Connections} connections, 1 KB bodies, ${Seconds} s per scenario, loopback, everything on this machine (${process.platform}, node ${process.version}).`,
    ];
    const report = `${table}\n\n${summary.join('\n')}\n`;
    process.stdout.write(`${report}`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/latest.md', report);
    writeFileSync('bench/results/latest.json', JSON.stringify({ ...results, baseline, stateGet, pubsub: pubsub.results, actors: actors.results, idleRss, loadedRss, startupMs }, null, 2));
  } finally {
    for (const c of cleanup.reverse()) await c();
  }

  async function grpcLoad(client: runtimeV1.AppCallbackClient | runtimeV1.DaprClient, kind: 'direct' | 'dapr', rate: number): Promise<LatencyResult> {
    const message: commonV1.InvokeRequest = { method: 'echo', data: { typeUrl: '', value: Body }, contentType: 'application/json', httpExtension: { verb: commonV1.HTTPExtension_Verb.POST, querystring: '' } };
    const once = (): Promise<void> =>
      new Promise((resolve, reject) => {
        if (kind === 'direct') (client as runtimeV1.AppCallbackClient).onInvoke(message, (e) => (e ? reject(e) : resolve()));
        else (client as runtimeV1.DaprClient).invokeService({ id: 'bench-grpc-app', message }, (e) => (e ? reject(e) : resolve()));
      });
    await fixedRate(500, 2, once);
    const result = await fixedRate(rate, Seconds, once);
    client.close();
    return result;
  }
}

const roleIndex = process.argv.indexOf('--role');
// A role process keeps serving until the orchestrator kills it.
(roleIndex > 0 ? runRole(process.argv[roleIndex + 1] as string, process.argv.slice(roleIndex + 2)) : main().then(() => process.exit(0))).catch(
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
