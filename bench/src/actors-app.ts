import type { Server } from 'node:http';
import { listen } from './upstreams';

/** Names the actor app and the orchestrator share. */
export const ActorBench = {
  ActorType: 'BenchActor',
  Method: 'noOp',
  Reminder: 'tick',
} as const;

/** What the actor app counted since its last reset (`GET /bench/stats`). */
export interface ActorAppStats {
  calls: number;
  reminderFires: number;
  deactivations: number;
}

/**
 * The actor app of the actor scenarios, on bare node:http so daprd's cost is what shows: serves
 * `GET /dapr/config` with one actor type, answers every method call `{}` and every reminder 200,
 * and counts them. `GET /bench/stats` reads the counters, `DELETE /bench/stats` clears them. The
 * direct baseline PUTs to the same routes daprd calls.
 */
export function actorApp(): Promise<{ server: Server; port: number }> {
  const stats: ActorAppStats = { calls: 0, reminderFires: 0, deactivations: 0 };
  const config = JSON.stringify({ entities: [ActorBench.ActorType], actorIdleTimeout: '1h', drainOngoingCallTimeout: '1s', drainRebalancedActors: true });
  const methodPrefix = `/actors/${ActorBench.ActorType}/`;
  return listen((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      const reply = (status: number, body = ''): void => {
        res.writeHead(status, body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : { 'content-length': 0 });
        res.end(body);
      };
      if (req.method === 'PUT' && url.startsWith(methodPrefix)) {
        if (url.includes('/method/remind/')) stats.reminderFires++;
        else stats.calls++;
        return reply(200, '{}');
      }
      if (req.method === 'DELETE' && url.startsWith(methodPrefix)) {
        stats.deactivations++;
        return reply(200);
      }
      if (url === '/dapr/config') return reply(200, config);
      if (url === '/bench/stats') {
        if (req.method === 'DELETE') Object.assign(stats, { calls: 0, reminderFires: 0, deactivations: 0 });
        return reply(200, JSON.stringify(stats));
      }
      if (url === '/healthz') return reply(200);
      reply(404);
    });
  });
}

/** The orchestrator's handle on the actor app's counters. */
export class ActorAppClient {
  private readonly origin: string;

  constructor(port: number) {
    this.origin = `http://127.0.0.1:${port}`;
  }

  async stats(): Promise<ActorAppStats> {
    return (await (await fetch(`${this.origin}/bench/stats`)).json()) as ActorAppStats;
  }

  async reset(): Promise<void> {
    await (await fetch(`${this.origin}/bench/stats`, { method: 'DELETE' })).arrayBuffer();
  }
}
