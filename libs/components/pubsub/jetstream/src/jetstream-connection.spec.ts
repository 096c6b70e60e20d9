import type { Message } from '@dapr-ts/components-pubsub';
import { waitFor } from '@dapr-ts/conformance';
import { deliverAcrossCut, freePort, startCuttableProxy, uniqueName, type CuttableProxy } from '@dapr-ts/testing';
import { connect } from 'nats';
import { JetStreamPubSub } from './jetstream-pubsub';
import { openTestNats, startOwnNatsServer, testNatsUrl, type OwnNatsServer, type TestNats } from './nats-test-env';

const signal = new AbortController().signal;
const until = (what: string, check: () => boolean | Promise<boolean>): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 10_000, intervalMs: 20 });
const text = (message: Message): string => Buffer.from(message.data).toString('utf8');

async function roundTrip(pubsub: JetStreamPubSub, subject: string): Promise<string[]> {
  const received: string[] = [];
  await pubsub.subscribe({ topic: subject, metadata: { consumerID: 'g' } }, async (message) => void received.push(text(message)), new AbortController().signal);
  await pubsub.publish({ topic: subject, data: Buffer.from('hello'), metadata: {} }, signal);
  await until('the message', () => received.length === 1);
  return received;
}

describe('JetStreamPubSub', () => {
  describe('authentication (a nats-server of the test own)', () => {
    const servers: OwnNatsServer[] = [];
    const opened: JetStreamPubSub[] = [];
    afterEach(async () => {
      for (const pubsub of opened.splice(0)) await pubsub.close();
    });
    afterAll(async () => {
      for (const server of servers) await server.stop();
    });

    async function serve(args: string[]): Promise<OwnNatsServer> {
      const server = await startOwnNatsServer(await freePort(), args);
      servers.push(server);
      return server;
    }
    async function open(properties: Record<string, string>): Promise<JetStreamPubSub> {
      const pubsub = new JetStreamPubSub();
      await pubsub.init({ name: 'pubsub', properties }, signal);
      opened.push(pubsub);
      return pubsub;
    }
    async function withStream(port: number, subject: string, credentials: { token?: string; user?: string; pass?: string }): Promise<void> {
      const admin = await connect({ servers: `127.0.0.1:${port}`, ...credentials });
      await (await admin.jetstreamManager()).streams.add({ name: subject, subjects: [subject] });
      await admin.close();
    }

    it.each<[string, (port: number) => Record<string, string>]>([
      ['a token in natsURL', (port) => ({ natsURL: `nats://s3cret@127.0.0.1:${port}` })],
      ['the token field', (port) => ({ natsURL: `nats://127.0.0.1:${port}`, token: 's3cret' })],
    ])('authenticates with %s', async (_case, properties) => {
      const { port } = await serve(['-js', '--auth', 's3cret']);
      const subject = uniqueName('auth-token');
      await withStream(port, subject, { token: 's3cret' });
      expect(await roundTrip(await open(properties(port)), subject)).toEqual(['hello']);
    });

    it('authenticates with user:password in natsURL', async () => {
      const { port } = await serve(['-js', '--user', 'dapr', '--pass', 'p@ss']);
      const subject = uniqueName('auth-user');
      await withStream(port, subject, { user: 'dapr', pass: 'p@ss' });
      expect(await roundTrip(await open({ natsURL: `nats://dapr:p%40ss@127.0.0.1:${port}` }), subject)).toEqual(['hello']);
    });

    it('rejects a wrong token naming NATS, with the token masked', async () => {
      const { port } = await serve(['-js', '--auth', 's3cret']);
      const err: unknown = await open({ natsURL: `nats://wrong@127.0.0.1:${port}` }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(new RegExp(`^pubsub\\.jetstream: cannot connect to NATS at nats://\\*\\*\\*@127\\.0\\.0\\.1:${port}: 'Authorization Violation'$`));
    });

    it('rejects a server without JetStream, naming it', async () => {
      const { port } = await serve([]);
      const err: unknown = await open({ natsURL: `nats://127.0.0.1:${port}` }).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(new RegExp(`^pubsub\\.jetstream: JetStream is not available on NATS at nats://127\\.0\\.0\\.1:${port}: `));
    });
  });

  describe('connection loss', () => {
    let nats: TestNats;
    let proxy: CuttableProxy;
    const opened: JetStreamPubSub[] = [];
    const subject = uniqueName('jetstream-reconnect');

    beforeAll(async () => {
      nats = await openTestNats();
      await nats.stream(subject, [subject]);
      proxy = await startCuttableProxy(testNatsUrl(), 4222);
    });
    afterAll(async () => {
      for (const pubsub of opened) await pubsub.close();
      await proxy?.close();
      await nats?.close();
    });

    async function open(natsURL: string): Promise<JetStreamPubSub> {
      const pubsub = new JetStreamPubSub();
      // A message the server pushed into the dying connection comes back after one ack wait.
      await pubsub.init({ name: 'pubsub', properties: { natsURL, ackWait: '2s' } }, signal);
      opened.push(pubsub);
      return pubsub;
    }

    it('reconnects, resuming its subscriptions and publishing again', async () => {
      const [cut, direct] = [await open(proxy.url), await open(testNatsUrl())];
      expect(await deliverAcrossCut({ cut, direct, proxy, topic: subject, until })).toEqual(['before', 'during', 'after']);
    }, 30_000);
  });
});
