import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { Mqtt3Binding } from './mqtt3-binding';
import { parseMqtt3BindingMetadata } from './mqtt3-binding-metadata';

const required = { url: 'tcp://user:secret@broker:1883', topic: 't', consumerID: 'app' };

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes bindings.mqtt3/v1, input and output, with the operations Mqtt3Binding offers', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'mqtt3', version: 'v1', binding: { input: true, output: true } });
    expect(file.binding?.operations.map(({ name }) => name)).toEqual([...new Mqtt3Binding().operations()]);
  });

  it('lists url, topic and consumerID as required, and defaults the parser accepts', () => {
    expect(file.metadata.filter((field) => field.required).map(({ name }) => name)).toEqual(['url', 'topic', 'consumerID']);
    for (const { name, default: fallback } of file.metadata) {
      if (fallback !== undefined) expect(() => parseMqtt3BindingMetadata({ ...required, [name]: fallback })).not.toThrow();
    }
  });
});

describe('parseMqtt3BindingMetadata', () => {
  it('decodes Dapr\'s defaults, taking the credentials out of the URL', () => {
    expect(parseMqtt3BindingMetadata(required)).toEqual({
      brokerUrl: 'mqtt://broker:1883',
      target: 'tcp://user:***@broker:1883',
      username: 'user',
      password: 'secret',
      topic: 't',
      consumerID: 'app',
      qos: 1,
      retain: false,
      cleanSession: false,
      backOffMaxRetries: 0,
      caCert: undefined,
      clientCert: undefined,
      clientKey: undefined,
    });
  });

  it.each([
    ['ssl://h:8883', 'mqtts://h:8883'],
    ['ws://h:9001/mqtt', 'ws://h:9001/mqtt'],
  ])('maps %s to %s', (url, brokerUrl) => {
    expect(parseMqtt3BindingMetadata({ ...required, url }).brokerUrl).toBe(brokerUrl);
  });

  it.each([
    [{ topic: 't', consumerID: 'c' }, 'url', 'metadata field "url": is required'],
    [{ url: 'tcp://h', consumerID: 'c' }, 'topic', 'metadata field "topic": is required'],
    [{ url: 'tcp://h', topic: 't' }, 'consumerID', 'metadata field "consumerID": is required'],
    [{ ...required, url: 'http://h' }, 'url', 'metadata field "url": scheme must be one of tcp, mqtt, ssl, tls, mqtts, ws, wss, got http'],
    [{ ...required, qos: '3' }, 'qos', 'metadata field "qos": must be 0, 1 or 2, got 3'],
    [{ ...required, backOffMaxRetries: '-2' }, 'backOffMaxRetries', 'metadata field "backOffMaxRetries": must be -1 (retry until it succeeds) or more, got -2'],
    [{ ...required, cleanSession: 'yes please' }, 'cleanSession', 'metadata field "cleanSession": "yes please" is not a boolean (use true or false)'],
  ])('names the field in errors (%j)', (properties, field, message) => {
    expect(() => parseMqtt3BindingMetadata(properties)).toThrow(expect.objectContaining({ name: 'MetadataError', field, message }) as Error);
  });
});
