import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { DaprdProcess, freePort, tempDir, tempDirWith } from '@dapr-ts/testing';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = { status: number; body?: unknown; delayMs?: number; onSent?: () => void };

/**
 * A plain node:http app (no SDK) that records every request and answers with `reply`, so tests
 * see exactly what daprd sends on the wire.
 */
export class RecordingApp {
  readonly requests: RecordedRequest[] = [];
  reply: (req: RecordedRequest) => Reply = () => ({ status: 200 });
  port = 0;
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  async listen(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(recorded);
        const { status, body, delayMs, onSent } = this.reply(recorded);
        const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
        const send = (): void => {
          res.writeHead(status, payload ? { 'content-type': 'application/json' } : {});
          res.end(payload, onSent);
        };
        if (!delayMs) return send();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, delayMs);
        this.timers.add(timer);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  to(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === path);
  }

  /** Stops listening; replies still waiting on `delayMs` are never sent. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A sidecar for a RecordingApp, with the given resource files. */
export async function sidecarFor(app: RecordingApp, appId: string, files: Record<string, string>, extraArgs: string[] = []): Promise<DaprdProcess> {
  const daprd = new DaprdProcess({ appId, appPort: app.port, appProtocol: 'http', resourcesPaths: [tempDirWith(files)], registryDir: tempDir('dapr-registry-'), args: extraArgs });
  await daprd.run();
  await daprd.waitUntilRunning();
  await daprd.waitUntilAppReady();
  return daprd;
}
