import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { JetStreamPubSub } from './jetstream-pubsub';
import { parseJetStreamPubSubMetadata } from './jetstream-pubsub-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);
  const natsURL = 'nats://localhost:4222';

  it('describes pubsub.jetstream/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'pubsub', name: 'jetstream', version: 'v1' });
  });

  it('lists the capabilities features() returns, lower-cased', () => {
    expect(file.capabilities).toEqual(new JetStreamPubSub().features().map((feature) => feature.toLowerCase()));
  });

  it('requires natsURL only', () => {
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['natsURL']);
  });

  it('states defaults that parse to what the component uses without them', () => {
    const defaults = Object.fromEntries(file.metadata.flatMap(({ name, default: fallback }) => (fallback === undefined ? [] : [[name, fallback]])));
    expect(parseJetStreamPubSubMetadata({ natsURL, ...defaults })).toEqual(parseJetStreamPubSubMetadata({ natsURL }));
  });

  it('documents every field the parser reads', () => {
    const validated = ['natsURL', 'jwt', 'seedKey', 'tls_client_cert', 'tls_client_key', 'deliverPolicy', 'startSequence', 'startTime', 'ackWait', 'maxDeliver', 'backOff', 'maxAckPending', 'replicas', 'rateLimit', 'heartbeat', 'ackPolicy', 'concurrencyMode'];
    // A bad value for each must raise a MetadataError naming it, so the name is really read.
    const rejected = validated.filter((name) => {
      try {
        parseJetStreamPubSubMetadata({ natsURL, [name]: name === 'natsURL' ? 'http://x' : 'bogus' });
        return false;
      } catch (err) {
        return (err as { field?: string }).field === name;
      }
    });
    expect(rejected).toEqual(validated);
    const read = [...validated, 'token', 'name', 'consumerID', 'streamName', 'durableName', 'queueGroupName', 'deliverAll', 'flowControl', 'memoryStorage', 'domain', 'apiPrefix'];
    expect(file.metadata.map((field) => field.name).sort()).toEqual(read.sort());
  });
});
