import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { Mqtt3PubSub } from './mqtt3-pubsub';
import { parseMqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);
  const url = 'tcp://localhost:1883';

  it('describes pubsub.mqtt3/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'pubsub', name: 'mqtt3', version: 'v1' });
  });

  it('lists the capabilities features() returns, lower-cased', () => {
    expect(file.capabilities).toEqual(new Mqtt3PubSub().features().map((feature) => feature.toLowerCase()));
  });

  it('requires url only', () => {
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['url']);
  });

  it('states defaults that parse to what the component uses without them', () => {
    const defaults = Object.fromEntries(file.metadata.flatMap(({ name, default: fallback }) => (fallback === undefined ? [] : [[name, fallback]])));
    expect(parseMqtt3PubSubMetadata({ url, ...defaults })).toEqual(parseMqtt3PubSubMetadata({ url }));
  });

  it('documents every field the parser reads', () => {
    const validated = ['url', 'qos', 'backOffMaxRetries', 'backOffDuration'];
    // A bad value for each must raise a MetadataError naming it, so the name is really read.
    const rejected = validated.filter((name) => {
      try {
        parseMqtt3PubSubMetadata({ url, [name]: 'bogus' });
        return false;
      } catch (err) {
        return (err as { field?: string }).field === name;
      }
    });
    expect(rejected).toEqual(validated);
    const documented = file.metadata.map((field) => field.name).sort();
    expect(documented).toEqual([...validated, 'consumerID', 'retain', 'cleanSession', 'caCert', 'clientCert', 'clientKey'].sort());
  });
});
