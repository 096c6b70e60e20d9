import { DaprdProcess, tempDirWith } from '@dapr-ts/testing';
import { summarize, type LatencyResult } from './fixed-rate';
import { load, type LoadResult } from './load';
import { rssMb, startRole } from './processes';
import { stampedFixedRate, SubscriberClient } from './pubsub-publisher';
import { PubSubBench, type RouteStats } from './pubsub-subscriber';

/** What the orchestrator hands over: the run length and the bare node:http figure to compare with. */
export interface PubSubScenarioOptions {
  /** BENCH_SECONDS: length of the full-length runs; the bulk runs take half of it. */
  seconds: number;
  /** Fixed rate of the latency runs; low enough not to queue on a 2-core box. */
  rate: number;
  connections: number;
  registryDir: string;
  /** req/s of the saturated bare node:http baseline measured by main. */
  baselineRps: number;
  log: (line: string) => void;
}

/** Published vs delivered, per scenario. `lost` must be 0. */
export interface DeliveryCount {
  published: number;
  delivered: number;
  /** Deliveries of an event the subscriber had already seen (redeliveries). */
  duplicates: number;
  /**
   * Delivered events beyond the publishes counted as 204: autocannon stops with requests in flight
   * whose answers it drops, though daprd accepted them (at most connections × entries per request).
   */
  uncounted: number;
  lost: number;
}

/** One publish→deliver latency run: the publish calls' own latency, and the one-way latency to the app. */
export interface DeliveryLatency {
  publish: LatencyResult;
  deliver: LatencyResult;
  delivery: DeliveryCount;
}

export interface PubSubResults {
  publish: LoadResult & { percentOfBare: number; delivery: DeliveryCount };
  bulkPublish: LoadResult & { entriesPerRequest: number; messagesPerSec: number; percentOfBare: number; delivery: DeliveryCount };
  latency: { rate: number; direct: DeliveryLatency; single: DeliveryLatency; bulkSubscribe: DeliveryLatency };
  /** Length of the two bulk runs (half of BENCH_SECONDS, to keep the pub/sub block under a minute). */
  bulkSeconds: number;
  /** daprd resident memory, MB: after start and peak during the saturated runs. */
  idleRssMb: number;
  peakRssMb: number;
}

const Resources = { 'pubsub.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: pubsub.in-memory\n  version: v1\n' };
const Body = JSON.stringify({ data: 'y'.repeat(1000) });
const BulkEntries = 10;
const BulkBody = JSON.stringify(Array.from({ length: BulkEntries }, (_, i) => ({ entryId: String(i), event: { data: 'y'.repeat(1000) }, contentType: 'application/json' })));
const SaturatedConnections = 32;
/** Caps on waiting for a backlog to reach the app after a run; a stall ends the wait sooner. */
const LatencyDrainMs = 10_000;
const SaturatedDrainMs = 30_000;

/**
 * Pub/sub through one daprd with the in-memory broker and a subscriber app (the `subscriber`
 * role): publish→deliver latency at a fixed rate against a direct POST to the same app, then
 * saturated single and bulk publish throughput. Every run is bounded in time; deliveries are
 * counted against publishes to report losses.
 */
export async function runPubSubScenarios(o: PubSubScenarioOptions): Promise<{ rows: string[][]; summary: string; results: PubSubResults }> {
  const short = Math.max(1, Math.ceil(o.seconds / 2));
  const subscriberRole = await startRole('subscriber', []);
  const daprd = new DaprdProcess({ appId: 'bench-pubsub', appPort: subscriberRole.port, registryDir: o.registryDir, resourcesPaths: [tempDirWith(Resources)], logLevel: 'warn' });
  try {
    const subscriber = new SubscriberClient(subscriberRole.port);
    await daprd.run();
    await daprd.waitUntilAppReady();
    const dapr = `http://127.0.0.1:${daprd.httpPort}`;
    const publishPath = (topic: string): string => `/v1.0/publish/${PubSubBench.PubSubName}/${topic}`;
    await subscriber.waitForSubscription(`${dapr}${publishPath(PubSubBench.Topic)}`, PubSubBench.Topic, 15_000);
    await subscriber.waitForSubscription(`${dapr}${publishPath(PubSubBench.BulkTopic)}`, PubSubBench.BulkTopic, 15_000);
    const idleRssMb = rssMb(daprd.pid);

    const latency = async (origin: string, path: string, route: string, seconds: number): Promise<DeliveryLatency> => {
      await stampedFixedRate({ origin, path, rate: o.rate, connections: o.connections, seconds: 1 });
      await subscriber.drain(route, Infinity, 1_000);
      await subscriber.reset();
      const publish = await stampedFixedRate({ origin, path, rate: o.rate, connections: o.connections, seconds });
      const seen = await subscriber.drain(route, publish.ok, LatencyDrainMs);
      return { publish, deliver: summarize(seen.samples, publish.sent, publish.errors, seconds), delivery: count(publish.ok, seen) };
    };
    o.log(`pub/sub publish→deliver at ${o.rate} rps: direct, daprd + in-memory, bulk subscribe`);
    const direct = await latency(`http://127.0.0.1:${subscriberRole.port}`, `/${PubSubBench.DirectRoute}`, PubSubBench.DirectRoute, o.seconds);
    const single = await latency(dapr, publishPath(PubSubBench.Topic), PubSubBench.Topic, o.seconds);
    const bulkSubscribe = await latency(dapr, publishPath(PubSubBench.BulkTopic), PubSubBench.BulkTopic, short);

    let peakRssMb = idleRssMb;
    const saturated = async (topicPath: string, route: string, body: string, seconds: number, perRequest: number): Promise<{ run: LoadResult; delivery: DeliveryCount }> => {
      await subscriber.reset();
      const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(daprd.pid))), 250);
      const run = await load({ url: `${dapr}${topicPath}`, method: 'POST', body, connections: SaturatedConnections, durationSec: seconds }).finally(() => clearInterval(sampler));
      const published = (run.requests - run.non2xx) * perRequest;
      return { run, delivery: count(published, await subscriber.drain(route, published, SaturatedDrainMs)) };
    };
    o.log('pub/sub publish saturated: single 1 KB, bulk 10 × 1 KB');
    const publish = await saturated(publishPath(PubSubBench.Topic), PubSubBench.Topic, Body, o.seconds, 1);
    const bulk = await saturated(`/v1.0-alpha1/publish/bulk/${PubSubBench.PubSubName}/${PubSubBench.BulkTopic}`, PubSubBench.BulkTopic, BulkBody, short, BulkEntries);

    const results: PubSubResults = {
      publish: { ...publish.run, percentOfBare: (100 * publish.run.rps) / o.baselineRps, delivery: publish.delivery },
      bulkPublish: { ...bulk.run, entriesPerRequest: BulkEntries, messagesPerSec: bulk.run.rps * BulkEntries, percentOfBare: (100 * bulk.run.rps) / o.baselineRps, delivery: bulk.delivery },
      latency: { rate: o.rate, direct, single, bulkSubscribe },
      bulkSeconds: short,
      idleRssMb,
      peakRssMb,
    };
    return { rows: rows(results), summary: summary(results), results };
  } finally {
    await daprd.cleanup();
    subscriberRole.child.kill();
  }
}

function count(published: number, seen: RouteStats): DeliveryCount {
  return { published, delivered: seen.unique, duplicates: seen.received - seen.unique, uncounted: Math.max(0, seen.unique - published), lost: Math.max(0, published - seen.unique) };
}

const ms = (r: LatencyResult): string => `${r.p50.toFixed(2)} / ${r.p90.toFixed(2)} / ${r.p99.toFixed(2)}`;
const added = (r: LatencyResult, base: LatencyResult): string => `+${(r.p50 - base.p50).toFixed(2)} / +${(r.p90 - base.p90).toFixed(2)} / +${(r.p99 - base.p99).toFixed(2)}`;
const delivered = (d: DeliveryCount): string =>
  `delivered ${d.delivered}/${d.published}${d.uncounted ? ` (+${d.uncounted} in flight at stop)` : ''}, lost ${d.lost}${d.duplicates ? `, ${d.duplicates} redelivered` : ''}`;
const auto = (r: LoadResult): string => `${r.p50} / ${r.p90} / ${r.p99} (ms, autocannon)`;

/** Rows for main's table: scenario, p50/p90/p99, added vs direct, throughput. */
function rows(r: PubSubResults): string[][] {
  const { direct, single, bulkSubscribe, rate } = r.latency;
  const at = `@${rate} rps`;
  const sent = (l: DeliveryLatency): string => `${l.publish.achievedRps.toFixed(0)} rps, ${l.publish.errors} errors, ${delivered(l.delivery)}`;
  return [
    [`pub/sub deliver: direct POST to app (one-way) ${at}`, ms(direct.deliver), '—', sent(direct)],
    [`pub/sub publish→deliver via daprd + in-memory ${at}`, ms(single.deliver), added(single.deliver, direct.deliver), sent(single)],
    [`pub/sub publish→deliver, bulk subscribe (≤100 / 50 ms) ${at}, ${r.bulkSeconds} s`, ms(bulkSubscribe.deliver), added(bulkSubscribe.deliver, direct.deliver), sent(bulkSubscribe)],
    [
      'daprd publish 1 KB → in-memory → app, saturated',
      auto(r.publish),
      '—',
      `${r.publish.rps.toFixed(0)} req/s (${r.publish.percentOfBare.toFixed(0)}% of bare), ${r.publish.errors + r.publish.non2xx} errors, ${delivered(r.publish.delivery)}`,
    ],
    [
      `daprd bulk publish ${r.bulkPublish.entriesPerRequest} × 1 KB → bulk subscribe app, saturated, ${r.bulkSeconds} s`,
      auto(r.bulkPublish),
      '—',
      `${r.bulkPublish.rps.toFixed(0)} req/s = ${r.bulkPublish.messagesPerSec.toFixed(0)} msg/s, ${r.bulkPublish.errors + r.bulkPublish.non2xx} errors, ${delivered(r.bulkPublish.delivery)}`,
    ],
  ];
}

function summary(r: PubSubResults): string {
  const { direct, single, bulkSubscribe, rate } = r.latency;
  const lost = [single, bulkSubscribe].reduce((n, l) => n + l.delivery.lost, r.publish.delivery.lost + r.bulkPublish.delivery.lost);
  const published = [single, bulkSubscribe].reduce((n, l) => n + l.delivery.published, r.publish.delivery.published + r.bulkPublish.delivery.published);
  return (
    `Pub/sub (in-memory): publish ${r.publish.rps.toFixed(0)} req/s (${r.publish.percentOfBare.toFixed(0)}% of bare node:http), bulk ${r.bulkPublish.messagesPerSec.toFixed(0)} msg/s; ` +
    `publish→deliver p50 at ${rate} rps +${(single.deliver.p50 - direct.deliver.p50).toFixed(2)} ms over direct (bulk subscribe +${(bulkSubscribe.deliver.p50 - direct.deliver.p50).toFixed(2)} ms); ` +
    `lost ${lost} of ${published} published.`
  );
}
