import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RabbitMQPubSub } from './rabbitmq-pubsub';
import { parseRabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);
  const connectionString = 'amqp://localhost:5672';

  it('describes pubsub.rabbitmq/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'pubsub', name: 'rabbitmq', version: 'v1' });
  });

  it('lists the capabilities features() returns, lower-cased', () => {
    expect(file.capabilities).toEqual(new RabbitMQPubSub().features().map((feature) => feature.toLowerCase()));
  });

  it('requires connectionString only', () => {
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['connectionString']);
  });

  it('states defaults that parse to what the component uses without them', () => {
    // protocol only applies with hostname, which connectionString excludes.
    const defaults = Object.fromEntries(file.metadata.flatMap(({ name, default: fallback }) => (fallback === undefined || name === 'protocol' ? [] : [[name, fallback]])));
    expect(parseRabbitMQPubSubMetadata({ connectionString, ...defaults })).toEqual(parseRabbitMQPubSubMetadata({ connectionString }));
    expect(parseRabbitMQPubSubMetadata({ hostname: 'h', protocol: 'amqp' })).toEqual(parseRabbitMQPubSubMetadata({ hostname: 'h' }));
  });

  it('documents every field the parser validates', () => {
    const documented = new Set(file.metadata.map((field) => field.name));
    const validated = ['deliveryMode', 'prefetchCount', 'reconnectWait', 'concurrencyMode', 'maxLen', 'maxLenBytes', 'exchangeKind', 'ttlInSeconds', 'heartBeat'];
    // A bad value for each must raise a MetadataError naming it, so the name is really read.
    const rejected = validated.filter((name) => {
      try {
        parseRabbitMQPubSubMetadata({ connectionString, [name]: 'bogus' });
        return false;
      } catch (err) {
        return (err as { field?: string }).field === name;
      }
    });
    expect(rejected).toEqual(validated);
    expect([...validated, 'hostname', 'port', 'protocol', 'username', 'password', 'saslExternal', 'clientCert', 'clientKey'].filter((name) => !documented.has(name))).toEqual([]);
  });
});
