import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { InMemoryPubSub } from './in-memory-pubsub';
import { parseInMemoryPubSubMetadata } from './in-memory-pubsub-metadata';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes pubsub.in-memory/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'pubsub', name: 'in-memory', version: 'v1' });
  });

  it('lists the capabilities features() returns, lower-cased', () => {
    expect(file.capabilities).toEqual(new InMemoryPubSub().features().map((feature) => feature.toLowerCase()));
  });

  it('lists the fields the component reads, all optional, with their defaults', () => {
    expect(file.metadata.map(({ name, required, default: fallback }) => ({ name, required, default: fallback }))).toEqual([
      { name: 'consumerID', required: false, default: undefined },
      { name: 'redeliverInterval', required: false, default: '200ms' },
      { name: 'maxRedeliverInterval', required: false, default: '10s' },
      { name: 'maxConcurrentHandlers', required: false, default: '100' },
    ]);
  });

  it('states defaults that parse to what the component uses without metadata', () => {
    const defaults = Object.fromEntries(file.metadata.flatMap(({ name, default: fallback }) => (fallback === undefined ? [] : [[name, fallback]])));
    expect(parseInMemoryPubSubMetadata(defaults)).toEqual(parseInMemoryPubSubMetadata({}));
  });
});
