import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as dial } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';

/** The NATS server the specs use: `NATS_URL`, else the local one (JetStream on). Test support only; not exported from the package. */
export function testNatsUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['NATS_URL']?.trim() || 'nats://127.0.0.1:4222';
}

/** A plain connection to the test server, for creating streams and inspecting consumers. */
export interface TestNats {
  connection: NatsConnection;
  manager: JetStreamManager;
  /** Creates a stream capturing `subjects`; deleted by {@link TestNats.close}. */
  stream(name: string, subjects: string[]): Promise<string>;
  close(): Promise<void>;
}

/** Connects to the test server; fails naming NATS and the URL when it is unreachable or lacks JetStream. */
export async function openTestNats(): Promise<TestNats> {
  const url = new URL(testNatsUrl());
  let connection: NatsConnection;
  let manager: JetStreamManager;
  try {
    connection = await connect({ servers: `${url.hostname}:${url.port || '4222'}`, timeout: 5000 });
    manager = await connection.jetstreamManager();
    await manager.getAccountInfo();
  } catch (err) {
    throw new Error(`these tests need NATS with JetStream at ${testNatsUrl()} (set NATS_URL): ${String(err)}`);
  }
  const created: string[] = [];
  return {
    connection,
    manager,
    stream: async (name, subjects) => {
      await manager.streams.add({ name, subjects });
      created.push(name);
      return name;
    },
    close: async () => {
      for (const name of created) await manager.streams.delete(name).catch(() => undefined);
      await connection.close();
    },
  };
}

/** A nats-server of a test's own (auth or JetStream settings the shared one lacks), on a port the test chose. */
export interface OwnNatsServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts `nats-server` with `args` on 127.0.0.1:`port` (store in a temp dir); fails naming the binary when it cannot run. */
export async function startOwnNatsServer(port: number, args: string[]): Promise<OwnNatsServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'nats-spec-'));
  const child: ChildProcess = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`these tests need the nats-server binary on PATH: ${err.message}`))));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await Promise.race([canDial(port), failed])) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server ${args.join(' ')} did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

function canDial(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dial(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

