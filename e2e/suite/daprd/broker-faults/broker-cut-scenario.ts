import { randomUUID } from 'node:crypto';
import { connect as dial } from 'node:net';
import type { DaprdProcess } from '@dapr-ts/testing';
import { eventually } from '../../../support/pubsub-resources';
import { RecordingApp, sidecarFor } from '../../../support/recording-app';
import { TcpProxy } from '../../../support/tcp-proxy';

/** One broker's part in {@link describeBrokerCut}. */
export interface CutBroker {
  /** Shown in the test name, e.g. `pubsub.redis`. */
  label: string;
  /** The real broker the proxy forwards to. */
  host: string;
  port: number;
  /** Readies the broker for `topic` (a stream, say); returns the cleanup, given the app id. */
  prepare?(topic: string): Promise<(appId: string) => Promise<void>>;
  /** The `pubsub` component file, dialling the broker through `proxyPort`. */
  component(proxyPort: number, topic: string): string;
}

/** One publish through daprd and how it ended. */
interface Outcome {
  n: number;
  status: number | 'no answer';
  errorCode?: string;
  ms: number;
}

/** A publish must be answered (204 or a Dapr error) within this; longer counts as a hang. */
export const PublishAnswerBoundMs = 15_000;
const IntervalMs = 50;
const CutMs = 3_000;

async function publish(daprd: DaprdProcess, topic: string, n: number): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(`http://127.0.0.1:${daprd.httpPort}/v1.0/publish/pubsub/${topic}`, {
      method: 'POST',
      body: JSON.stringify({ n }),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(PublishAnswerBoundMs),
    });
    const text = await res.text();
    const errorCode = res.status === 204 ? undefined : (JSON.parse(text || '{}') as { errorCode?: string }).errorCode;
    return { n, status: res.status, ...(errorCode ? { errorCode } : {}), ms: Date.now() - started };
  } catch {
    return { n, status: 'no answer', ms: Date.now() - started };
  }
}

/** Sends one publish every {@link IntervalMs} for `ms`, without waiting for the answers (open loop). */
async function stream(daprd: DaprdProcess, topic: string, first: number, ms: number, into: Promise<Outcome>[]): Promise<number> {
  let n = first;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    into.push(publish(daprd, topic, n++));
    await new Promise((resolve) => setTimeout(resolve, IntervalMs));
  }
  return n;
}

/** Fails naming the broker when nothing accepts TCP connections at its address. */
async function requireBroker(broker: CutBroker): Promise<void> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = dial(broker.port, broker.host);
    socket.setTimeout(5000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
  if (!reachable) throw new Error(`this test needs the ${broker.label} broker at ${broker.host}:${broker.port}`);
}

/**
 * A broker "restart" in the middle of a publish stream through daprd: a TCP proxy between daprd
 * and the broker resets every connection and refuses new ones for {@link CutMs}, then comes back.
 * Every publish that got 204 reaches the subscriber app (at least once), and every other publish
 * ends with Dapr's publish error within {@link PublishAnswerBoundMs}, never a hang.
 */
export function describeBrokerCut(broker: CutBroker): void {
  describe(`${broker.label}: a broker connection cut while publishing`, () => {
    const run = randomUUID().slice(0, 8);
    const topic = `cut-${run}`;
    const appId = `broker-cut-${run}`;
    const app = new RecordingApp();
    const proxy = new TcpProxy(broker.host, broker.port);
    let cleanupBroker: ((appId: string) => Promise<void>) | undefined;
    let daprd: DaprdProcess | undefined;

    beforeAll(async () => {
      await requireBroker(broker);
      cleanupBroker = await broker.prepare?.(topic);
      await proxy.listen();
      await app.listen();
      app.reply = (req) =>
        req.method === 'GET' && req.path === '/dapr/subscribe' ? { status: 200, body: [{ pubsubname: 'pubsub', topic, route: '/cut' }] } : { status: 200, body: { status: 'SUCCESS' } };
      daprd = await sidecarFor(app, appId, { 'pubsub.yaml': broker.component(proxy.port, topic) });
    }, 60_000);
    afterAll(async () => {
      await daprd?.cleanup();
      await app.close();
      await proxy.close();
      await cleanupBroker?.(appId);
    });

    const delivered = (): Set<number> => new Set(app.to('/cut').map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n));

    it('delivers every publish that got 204 and fails the others with a Dapr error, none hanging', async () => {
      const outcomes: Promise<Outcome>[] = [];
      let n = await stream(daprd!, topic, 1, 1_000, outcomes);
      await eventually('the first messages before the cut', () => delivered().size > 0, 20_000);
      expect(proxy.connections).toBeGreaterThan(0);

      proxy.cut();
      n = await stream(daprd!, topic, n, CutMs, outcomes);
      proxy.restore();
      await stream(daprd!, topic, n, 2_000, outcomes);

      const ended = await Promise.all(outcomes);
      const accepted = ended.filter((o) => o.status === 204).map((o) => o.n);
      await eventually(`all ${accepted.length} accepted messages after the broker came back`, () => accepted.every((k) => delivered().has(k)), 60_000);

      expect(accepted.filter((k) => !delivered().has(k))).toEqual([]);
      // The cut was seen: some publishes failed (else this test proves nothing).
      expect(ended.some((o) => o.status !== 204)).toBe(true);
      expect(ended.filter((o) => o.status !== 204 && !(o.status === 500 && o.errorCode === 'ERR_PUBSUB_PUBLISH_MESSAGE'))).toEqual([]);
      // Something got through after the cut: the component reconnected without a daprd restart.
      expect(ended.filter((o) => o.n >= n && o.status === 204).length).toBeGreaterThan(0);
    }, 120_000);
  });
}
