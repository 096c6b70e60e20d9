import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { isBindingRequestError, type BindingEvent } from '@dapr-ts/components-bindings';
import { waitFor } from '@dapr-ts/conformance';
import { Mqtt3Binding } from './mqtt3-binding';

jest.setTimeout(60_000);

/** The broker the specs use: MQTT_URL, else the local Mosquitto. */
const brokerUrl = process.env['MQTT_URL']?.trim() || 'tcp://127.0.0.1:1883';

/** Polls `check` until it holds, failing after a generous deadline. */
const eventually = (check: () => boolean, what = 'the expected state'): Promise<void> => waitFor(what, async () => check(), { timeoutMs: 20_000, intervalMs: 50 });

describe('Mqtt3Binding', () => {
  const signal = new AbortController().signal;
  const bindings: Mqtt3Binding[] = [];
  let direct: MqttClient;
  const seen = new Map<string, { payload: string; retain: boolean }[]>();

  beforeAll(async () => {
    try {
      direct = await connectAsync(brokerUrl.replace(/^tcp:/, 'mqtt:'), { clientId: `bindings-mqtt3-spec-${process.pid}`, reconnectPeriod: 0, connectTimeout: 5000 });
    } catch (err) {
      throw new Error(`these tests need an MQTT broker at ${brokerUrl} (set MQTT_URL): ${String(err)}`);
    }
    direct.on('message', (topic, payload, packet) => seen.set(topic, [...(seen.get(topic) ?? []), { payload: payload.toString(), retain: packet.retain }]));
  });

  afterEach(async () => {
    for (const binding of bindings.splice(0)) await binding.close();
  });

  afterAll(async () => {
    await direct.endAsync();
  });

  const unique = (): string => `bindings-mqtt3/${process.pid}/${randomBytes(4).toString('hex')}`;

  async function started(properties: Record<string, string>): Promise<Mqtt3Binding> {
    const binding = new Mqtt3Binding();
    bindings.push(binding);
    await binding.init({ name: 'mqtt', properties: { url: brokerUrl, consumerID: `c${randomBytes(4).toString('hex')}`, ...properties } }, signal);
    return binding;
  }

  it('offers create', async () => {
    expect((await started({ topic: unique() })).operations()).toEqual(['create']);
  });

  describe('create', () => {
    it('publishes the data to the component\'s topic', async () => {
      const topic = unique();
      await direct.subscribeAsync(topic, { qos: 1 });
      const binding = await started({ topic });
      expect(await binding.invoke({ operation: 'create', data: Buffer.from('hello'), metadata: {} }, signal)).toEqual({});
      await eventually(() => seen.get(topic)?.length === 1);
      expect(seen.get(topic)).toEqual([{ payload: 'hello', retain: false }]);
    });

    it('publishes to the request\'s topic, retained when the request says so', async () => {
      const topic = unique();
      const other = unique();
      const binding = await started({ topic });
      await binding.invoke({ operation: 'create', data: Buffer.from('kept'), metadata: { topic: other, retain: 'true' } }, signal);
      // Subscribing afterwards still gets the message: the broker retained it.
      await direct.subscribeAsync(other, { qos: 1 });
      await eventually(() => seen.get(other)?.length === 1);
      expect(seen.get(other)).toEqual([{ payload: 'kept', retain: true }]);
      await direct.publishAsync(other, '', { retain: true, qos: 1 });
    });

    it('refuses a retain that is not true or false', async () => {
      const binding = await started({ topic: unique() });
      const err: unknown = await binding.invoke({ operation: 'create', data: Buffer.from('x'), metadata: { retain: 'sometimes' } }, signal).catch((e: unknown) => e);
      expect(isBindingRequestError(err)).toBe(true);
      expect((err as Error).message).toBe('metadata "retain" must be true or false, got "sometimes"');
    });
  });

  describe('.read()', () => {
    it('hands messages published to the topic to the handler, with the topic as metadata', async () => {
      const topic = unique();
      const binding = await started({ topic });
      const events: BindingEvent[] = [];
      await binding.read(async (event) => {
        events.push(event);
        return undefined;
      }, new AbortController().signal);
      await direct.publishAsync(topic, 'from the broker', { qos: 1 });
      await eventually(() => events.length === 1);
      expect(Buffer.from(events[0]?.data ?? []).toString()).toBe('from the broker');
      expect(events[0]?.metadata).toEqual({ topic });
    });

    it('delivers a message again after the handler failed, until it succeeds', async () => {
      const topic = unique();
      const binding = await started({ topic });
      const received: string[] = [];
      await binding.read(async (event) => {
        received.push(Buffer.from(event.data).toString());
        if (received.length < 3) throw new Error('app failed');
        return undefined;
      }, new AbortController().signal);
      await direct.publishAsync(topic, 'retry me', { qos: 1 });
      await eventually(() => received.length === 3);
      expect(received).toEqual(['retry me', 'retry me', 'retry me']);
    });

    it('retries in place backOffMaxRetries times', async () => {
      const topic = unique();
      const binding = await started({ topic, backOffMaxRetries: '2' });
      let calls = 0;
      await binding.read(async () => {
        calls++;
        if (calls < 3) throw new Error('app failed');
        return undefined;
      }, new AbortController().signal);
      await direct.publishAsync(topic, 'x', { qos: 1 });
      await eventually(() => calls === 3);
    });

    it('drops a failed message with cleanSession, after its retries', async () => {
      const topic = unique();
      const binding = await started({ topic, cleanSession: 'true' });
      const received: string[] = [];
      await binding.read(async (event) => {
        const text = Buffer.from(event.data).toString();
        received.push(text);
        if (text === 'poison') throw new Error('app failed');
        return undefined;
      }, new AbortController().signal);
      await direct.publishAsync(topic, 'poison', { qos: 1 });
      await direct.publishAsync(topic, 'next', { qos: 1 });
      await eventually(() => received.includes('next'));
      expect(received).toEqual(['poison', 'next']);
    });
  });

  it('init fails naming the broker when it is unreachable', async () => {
    await expect(new Mqtt3Binding().init({ name: 'mqtt', properties: { url: 'tcp://u:secret@127.0.0.1:1', topic: 't', consumerID: 'c' } }, signal)).rejects.toThrow(/^bindings\.mqtt3: cannot connect to the MQTT broker at tcp:\/\/u:\*\*\*@127\.0\.0\.1:1 as c-producer: /);
  });
});
