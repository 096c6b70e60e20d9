import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listen } from './upstreams';

/** Topics and routes of the pub/sub scenarios; the subscriber app and the orchestrator share them. */
export const PubSubBench = {
  PubSubName: 'pubsub',
  /** Delivered one event per request. */
  Topic: 'bench',
  /** Delivered in batches (bulk subscribe). */
  BulkTopic: 'bench-bulk',
  /** Where the direct baseline POSTs the bare payload, skipping daprd. */
  DirectRoute: 'direct',
} as const;

/** Route name → counters; routes are `bench`, `bench-bulk` and `direct`. */
export type SubscriberStats = Record<string, RouteStats>;

/** What one route of the subscriber saw since the last reset. */
export interface RouteStats {
  /** Messages received, duplicates included. */
  received: number;
  /** Distinct CloudEvent ids (or payload `seq` on the direct route): a redelivery counts once. */
  unique: number;
  /** HTTP requests carrying them (bulk deliveries carry several). */
  requests: number;
  /** Receive minus send time (ms) of each message whose payload carried `sentAt`. */
  samples: number[];
}

/** The payload the latency publishers send; `sentAt` is `performance.timeOrigin + performance.now()`. */
export interface StampedPayload {
  sentAt: number;
  seq: number;
  pad: string;
}

/** Bounds the memory of a run: a 10 s scenario at 200 rps keeps 2,000 samples; saturated runs carry no stamp. */
const MaxSamples = 200_000;
const MaxIds = 2_000_000;

/** Wall-clock ms with sub-ms resolution, comparable between processes of this machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The subscriber app of the pub/sub scenarios: answers `GET /dapr/subscribe` with one plain and one
 * bulk subscription, acks every event, and records per route how many messages arrived and, for
 * stamped payloads, their publish→deliver latency. `GET /stats` reads the counters and
 * `DELETE /stats` clears them, so the orchestrator can attribute deliveries to one scenario.
 */
export function pubsubSubscriber(): Promise<{ server: Server; port: number }> {
  const routes = new Map<string, { stats: RouteStats; ids: Set<string> }>();
  const route = (name: string): { stats: RouteStats; ids: Set<string> } => {
    let r = routes.get(name);
    if (!r) routes.set(name, (r = { stats: { received: 0, unique: 0, requests: 0, samples: [] }, ids: new Set() }));
    return r;
  };
  const record = (name: string, receivedAt: number, id: unknown, data: unknown): void => {
    const r = route(name);
    r.stats.received++;
    // Without an id a message cannot be told from a redelivery; count it as distinct.
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
    if (key === undefined || (!r.ids.has(key) && r.ids.size < MaxIds)) {
      if (key !== undefined) r.ids.add(key);
      r.stats.unique++;
    }
    const sentAt = (data as Partial<StampedPayload> | null)?.sentAt;
    if (typeof sentAt === 'number' && r.stats.samples.length < MaxSamples) r.stats.samples.push(receivedAt - sentAt);
  };
  const subscriptions = JSON.stringify([
    { pubsubname: PubSubBench.PubSubName, topic: PubSubBench.Topic, route: `/${PubSubBench.Topic}` },
    {
      pubsubname: PubSubBench.PubSubName,
      topic: PubSubBench.BulkTopic,
      route: `/${PubSubBench.BulkTopic}`,
      bulkSubscribe: { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 50 },
    },
  ]);

  return listen((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Stamped before parsing, so JSON work on this side is not counted as transport time.
      const receivedAt = nowMs();
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = (): unknown => JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      const reply = (status: number, value?: unknown): void => {
        const text = value === undefined ? '' : JSON.stringify(value);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      try {
        if (req.method === 'GET' && path === '/dapr/subscribe') {
          reply(200, JSON.parse(subscriptions));
        } else if (req.method === 'GET' && path === '/stats') {
          reply(200, Object.fromEntries([...routes].map(([name, r]) => [name, r.stats])));
        } else if (req.method === 'DELETE' && path === '/stats') {
          routes.clear();
          reply(204);
        } else if (req.method === 'POST' && path === `/${PubSubBench.Topic}`) {
          const event = body() as { id?: unknown; data?: unknown };
          route(PubSubBench.Topic).stats.requests++;
          record(PubSubBench.Topic, receivedAt, event.id, event.data);
          reply(200, { status: 'SUCCESS' });
        } else if (req.method === 'POST' && path === `/${PubSubBench.BulkTopic}`) {
          const batch = body() as { entries?: { entryId: string; event?: { id?: unknown; data?: unknown } }[] };
          const entries = batch.entries ?? [];
          route(PubSubBench.BulkTopic).stats.requests++;
          for (const entry of entries) record(PubSubBench.BulkTopic, receivedAt, entry.event?.id, entry.event?.data);
          reply(200, { statuses: entries.map((e) => ({ entryId: e.entryId, status: 'SUCCESS' })) });
        } else if (req.method === 'POST' && path === `/${PubSubBench.DirectRoute}`) {
          const payload = body() as Partial<StampedPayload> | null;
          route(PubSubBench.DirectRoute).stats.requests++;
          record(PubSubBench.DirectRoute, receivedAt, payload?.seq, payload);
          reply(200, { status: 'SUCCESS' });
        } else {
          reply(404);
        }
      } catch {
        // A body the bench did not send: 400 makes daprd retry, which shows up as duplicates.
        reply(400);
      }
    });
  });
}
