import { DaprdProcess, PlacementProcess, tempDirWith } from '@dapr-ts/testing';
import { Pool } from 'undici';
import { ActorAppClient, ActorBench } from './actors-app';
import { fixedRate, type LatencyResult } from './fixed-rate';
import { startRole } from './processes';

export interface ActorScenarioOptions {
  /** BENCH_SECONDS: length of each fixed-rate run and of the reminder window. */
  seconds: number;
  /** Activations per second (Dapr's actor_activation test runs 500 qps). */
  rate: number;
  connections: number;
  /** Reminders registered for the fires-per-second run, each with a 1 s period. */
  reminders: number;
  registryDir: string;
  log: (line: string) => void;
}

export interface ActorResults {
  activation: { rate: number; direct: LatencyResult; host: LatencyResult; pair: LatencyResult };
  reminders: {
    count: number;
    periodMs: number;
    /** Registration through the host sidecar, bounded concurrency. */
    registerMs: number;
    registerPerSec: number;
    registerErrors: number;
    /** The app alone, PUT at `count` per second: what it can take. */
    direct: LatencyResult;
    windowSec: number;
    fires: number;
    firesPerSec: number;
    /** Fires per second over the ideal `count / period`. */
    percentOfIdeal: number;
  };
}

const Resources = {
  'statestore.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.in-memory\n  version: v1\n  metadata:\n  - name: actorStateStore\n    value: "true"\n',
};
/** Settings of the actor scenarios, shared by the full bench (main.ts) and `bench-actors`. */
export const ActorBenchSettings = {
  /** Dapr's actor_activation perf test rate. */
  rate: 500,
  connections: 8,
  /** Enough reminders with 1 s periods to ask for the 5k fires/s target. */
  reminders: Number(process.env['BENCH_REMINDERS'] ?? 5000),
} as const;

const ReminderPeriodMs = 1_000;
const RegisterConcurrency = 32;
const WarmUpSeconds = 4;

/**
 * Actors through daprd with a placement service and a bare node:http actor app (the `actor-app`
 * role): activation latency at a fixed rate with a fresh actor id per call, directly to the app
 * (baseline), through the host's sidecar, and through a client sidecar → host sidecar pair (Dapr's
 * perf topology); then reminder fires per second for N reminders with 1 s periods on one sidecar,
 * against the app taking the same rate directly. Every run is bounded in time and count.
 */
export async function runActorScenarios(o: ActorScenarioOptions): Promise<{ rows: string[][]; summary: string; results: ActorResults }> {
  const appRole = await startRole('actor-app', []);
  const app = new ActorAppClient(appRole.port);
  const placement = new PlacementProcess();
  const processes: { cleanup(): Promise<unknown> }[] = [placement];
  try {
    await placement.run();
    await placement.waitUntilRunning();
    const args = ['--placement-host-address', placement.address];
    const host = new DaprdProcess({ appId: 'bench-actors', appPort: appRole.port, registryDir: o.registryDir, resourcesPaths: [tempDirWith(Resources)], logLevel: 'warn', args });
    processes.push(host);
    await host.run();
    await host.waitUntilAppReady();
    const client = new DaprdProcess({ appId: 'bench-actors-client', registryDir: o.registryDir, resourcesPaths: [tempDirWith(Resources)], logLevel: 'warn', args });
    processes.push(client);
    await client.run();
    await client.waitUntilRunning();
    await waitForPlacement(placement, host, client);

    let run = 0;
    const activations = async (origin: string, pathOf: (id: string) => string, rate: number, seconds: number): Promise<LatencyResult> => {
      const prefix = `a${run++}-`;
      let n = 0;
      return fixedRatePuts(origin, () => pathOf(`${prefix}${n++}`), rate, o.connections, seconds);
    };
    const viaDaprd = (id: string): string => `/v1.0/actors/${ActorBench.ActorType}/${id}/method/${ActorBench.Method}`;
    const direct = (id: string): string => `/actors/${ActorBench.ActorType}/${id}/method/${ActorBench.Method}`;
    const hostOrigin = `http://127.0.0.1:${host.httpPort}`;
    const clientOrigin = `http://127.0.0.1:${client.httpPort}`;
    const appOrigin = `http://127.0.0.1:${appRole.port}`;

    o.log(`actor activation at ${o.rate} rps, fresh id per call: direct, via host daprd, via client daprd → host daprd`);
    // Warm-up at the full rate (as Dapr's perf tests warm up): a cold pair of sidecars serves a
    // fraction of it for its first seconds, and an open-loop run never drains that backlog.
    await activations(hostOrigin, viaDaprd, o.rate, WarmUpSeconds);
    await activations(clientOrigin, viaDaprd, o.rate, WarmUpSeconds);
    const directRun = await activations(appOrigin, direct, o.rate, o.seconds);
    const hostRun = await activations(hostOrigin, viaDaprd, o.rate, o.seconds);
    const pairRun = await activations(clientOrigin, viaDaprd, o.rate, o.seconds);

    o.log(`reminders: the app directly at ${o.reminders} rps, then ${o.reminders} reminders × ${ReminderPeriodMs / 1000} s through one daprd`);
    const remindPath = (id: string): string => `/actors/${ActorBench.ActorType}/${id}/method/remind/${ActorBench.Reminder}`;
    let d = 0;
    const reminderDirect = await fixedRatePuts(appOrigin, () => remindPath(`r-${d++ % o.reminders}`), o.reminders, o.connections * 4, Math.min(o.seconds, 5));
    const registered = await registerReminders(hostOrigin, o.reminders);
    // One period for every reminder to fire once and the schedule to spread, then the window.
    await new Promise((r) => setTimeout(r, 2 * ReminderPeriodMs));
    await app.reset();
    const windowStart = Date.now();
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    const fires = (await app.stats()).reminderFires;
    const windowSec = (Date.now() - windowStart) / 1000;
    const firesPerSec = fires / windowSec;

    const results: ActorResults = {
      activation: { rate: o.rate, direct: directRun, host: hostRun, pair: pairRun },
      reminders: {
        count: o.reminders,
        periodMs: ReminderPeriodMs,
        registerMs: registered.ms,
        registerPerSec: (1000 * o.reminders) / registered.ms,
        registerErrors: registered.errors,
        direct: reminderDirect,
        windowSec,
        fires,
        firesPerSec,
        percentOfIdeal: (100 * firesPerSec) / (o.reminders / (ReminderPeriodMs / 1000)),
      },
    };
    return { rows: rows(results), summary: summary(results), results };
  } finally {
    for (const p of processes.reverse()) await p.cleanup();
    appRole.child.kill();
  }
}

/** Fixed-rate PUTs with a path per request (a fresh actor id each), over keep-alive connections. */
async function fixedRatePuts(origin: string, nextPath: () => string, rate: number, connections: number, seconds: number): Promise<LatencyResult> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  try {
    return await fixedRate(rate, seconds, async () => {
      const res = await pool.request({ method: 'PUT', path: nextPath(), headers: { 'content-type': 'application/json' }, body: '{}' });
      await res.body.arrayBuffer();
      if (res.statusCode >= 300) throw new Error(`status ${res.statusCode}`);
    });
  } finally {
    await pool.close();
  }
}

/** Registers `count` reminders (`r-<i>`, due in 1 s, every second) with bounded concurrency. */
async function registerReminders(origin: string, count: number): Promise<{ ms: number; errors: number }> {
  const pool = new Pool(origin, { connections: RegisterConcurrency });
  const body = JSON.stringify({ dueTime: `${ReminderPeriodMs}ms`, period: `${ReminderPeriodMs}ms` });
  let next = 0;
  let errors = 0;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const id = `r-${next++}`;
      const res = await pool.request({ method: 'POST', path: `/v1.0/actors/${ActorBench.ActorType}/${id}/reminders/${ActorBench.Reminder}`, headers: { 'content-type': 'application/json' }, body });
      await res.body.arrayBuffer();
      if (res.statusCode >= 300) errors++;
    }
  };
  try {
    await Promise.all(Array.from({ length: RegisterConcurrency }, worker));
  } finally {
    await pool.close();
  }
  return { ms: Date.now() - started, errors };
}

/** Waits until placement lists the host's actor type and both sidecars say they are connected. */
async function waitForPlacement(placement: PlacementProcess, ...sidecars: DaprdProcess[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await placement.state().catch(() => undefined);
    const placed = state?.hostList.some((h) => h.actorTypes.includes(ActorBench.ActorType)) ?? false;
    const connected = await Promise.all(
      sidecars.map(async (d) => {
        const meta = (await (await fetch(`http://127.0.0.1:${d.httpPort}/v1.0/metadata`)).json()) as { actorRuntime?: { placement?: string } };
        return meta.actorRuntime?.placement === 'placement: connected';
      }),
    );
    if (placed && connected.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`actors did not join placement in 15 s:\n${placement.logs}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ms = (r: LatencyResult): string => `${r.p50.toFixed(2)} / ${r.p90.toFixed(2)} / ${r.p99.toFixed(2)}`;
const added = (r: LatencyResult, base: LatencyResult): string => `+${(r.p50 - base.p50).toFixed(2)} / +${(r.p90 - base.p90).toFixed(2)} / +${(r.p99 - base.p99).toFixed(2)}`;
const achieved = (r: LatencyResult): string => `${r.achievedRps.toFixed(0)} rps, ${r.errors} errors`;

/** Rows for main's table: scenario, p50/p90/p99, added vs direct, throughput. */
function rows(r: ActorResults): string[][] {
  const { direct, host, pair, rate } = r.activation;
  const at = `@${rate} rps`;
  const rem = r.reminders;
  return [
    [`actor call: direct PUT to app, fresh id ${at}`, ms(direct), '—', achieved(direct)],
    [`actor activation via host daprd, fresh id ${at}`, ms(host), added(host, direct), achieved(host)],
    [`actor activation client daprd→host daprd, fresh id ${at}`, ms(pair), added(pair, direct), achieved(pair)],
    [`reminder callback: direct PUT to app @${rem.count} rps`, ms(rem.direct), '—', achieved(rem.direct)],
    [
      `reminder fires: ${rem.count} reminders × ${rem.periodMs / 1000} s period, one daprd, in-memory store`,
      '—',
      '—',
      `${rem.firesPerSec.toFixed(0)} fires/s (${rem.percentOfIdeal.toFixed(0)}% of ${rem.count}/s, ${rem.windowSec.toFixed(0)} s window); registered in ${(rem.registerMs / 1000).toFixed(1)} s = ${rem.registerPerSec.toFixed(0)}/s, ${rem.registerErrors} errors`,
    ],
  ];
}

function summary(r: ActorResults): string {
  const { host, pair, direct, rate } = r.activation;
  const rem = r.reminders;
  return (
    `Actors: activation at ${rate} rps via host daprd p90 ${host.p90.toFixed(2)} / p99 ${host.p99.toFixed(2)} ms (target ≤ 2.5 / 5; +${(host.p90 - direct.p90).toFixed(2)} / +${(host.p99 - direct.p99).toFixed(2)} over direct), ` +
    `client→host pair p90 ${pair.p90.toFixed(2)} / p99 ${pair.p99.toFixed(2)} ms, achieved ${host.achievedRps.toFixed(0)} / ${pair.achievedRps.toFixed(0)} rps; ` +
    `reminders ${rem.firesPerSec.toFixed(0)} fires/s from one sidecar (target ≥ 5000; ${rem.count} reminders × 1 s = ${rem.percentOfIdeal.toFixed(0)}% of ideal, app direct ${rem.direct.achievedRps.toFixed(0)} rps).`
  );
}
