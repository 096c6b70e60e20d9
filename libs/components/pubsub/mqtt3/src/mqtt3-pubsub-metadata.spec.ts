import { isMetadataError } from '@dapr-ts/components-common';
import { parseMqtt3PubSubMetadata, type Mqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';

const fieldOf = (properties: Record<string, string>): unknown => {
  try {
    parseMqtt3PubSubMetadata(properties);
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? err.field : err;
  }
};

describe('parseMqtt3PubSubMetadata()', () => {
  it("returns Dapr's defaults when only url is set", () => {
    expect(parseMqtt3PubSubMetadata({ url: 'tcp://localhost:1883' })).toEqual<Mqtt3PubSubMetadata>({
      brokerUrl: 'mqtt://localhost:1883',
      target: 'tcp://localhost:1883',
      username: undefined,
      password: undefined,
      consumerID: undefined,
      qos: 1,
      retain: false,
      cleanSession: false,
      caCert: undefined,
      clientCert: undefined,
      clientKey: undefined,
      backOffMaxRetries: 0,
      backOffDurationMs: 5000,
    });
  });

  it('reads every field, case-insensitively, taking credentials out of the url and masking the password', () => {
    expect(
      parseMqtt3PubSubMetadata({
        URL: 'ssl://us%40er:p%3Ass@broker.example:8884',
        consumerid: 'app',
        QoS: '2',
        retain: 'true',
        cleanSession: 'yes',
        caCert: 'ca',
        clientCert: 'cert',
        clientKey: 'key',
        backOffMaxRetries: '-1',
        backOffDuration: '250ms',
      }),
    ).toEqual<Mqtt3PubSubMetadata>({
      brokerUrl: 'mqtts://broker.example:8884',
      target: 'ssl://us%40er:***@broker.example:8884',
      username: 'us@er',
      password: 'p:ss',
      consumerID: 'app',
      qos: 2,
      retain: true,
      cleanSession: true,
      caCert: 'ca',
      clientCert: 'cert',
      clientKey: 'key',
      backOffMaxRetries: -1,
      backOffDurationMs: 250,
    });
  });

  it.each([
    ['tcp://h', 'mqtt://h:1883'],
    ['mqtt://h:1884', 'mqtt://h:1884'],
    ['tls://h', 'mqtts://h:8883'],
    ['mqtts://h', 'mqtts://h:8883'],
    ['ws://h:8080/mqtt', 'ws://h:8080/mqtt'],
    ['wss://h/mqtt', 'wss://h:443/mqtt'],
    ['tcp://[::1]:1883', 'mqtt://[::1]:1883'],
  ])('dials %s as %s', (url, brokerUrl) => {
    expect(parseMqtt3PubSubMetadata({ url }).brokerUrl).toBe(brokerUrl);
  });

  it.each<[string, Record<string, string>, string]>([
    ['url is missing', {}, 'url'],
    ['url is not a URL', { url: 'localhost:1883 x' }, 'url'],
    ['url has another scheme', { url: 'http://localhost' }, 'url'],
    ['qos is 3', { url: 'tcp://h', qos: '3' }, 'qos'],
    ['qos is not a number', { url: 'tcp://h', qos: 'high' }, 'qos'],
    ['backOffMaxRetries is below -1', { url: 'tcp://h', backOffMaxRetries: '-2' }, 'backOffMaxRetries'],
    ['backOffDuration is not a duration', { url: 'tcp://h', backOffDuration: 'soon' }, 'backOffDuration'],
    ['clientCert comes without clientKey', { url: 'tcp://h', clientCert: 'c' }, 'clientKey'],
    ['clientKey comes without clientCert', { url: 'tcp://h', clientKey: 'k' }, 'clientCert'],
    ['two keys differ only in case', { url: 'tcp://h', qos: '1', QOS: '0' }, 'QOS'],
  ])('throws a MetadataError naming the field when %s', (_case, properties, field) => {
    expect(fieldOf(properties)).toBe(field);
  });
});
