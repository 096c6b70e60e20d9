import { isMetadataError } from '@dapr-ts/components-common';
import { parseRabbitMQPubSubMetadata, type RabbitMQPubSubMetadata } from './rabbitmq-pubsub-metadata';

const fieldOf = (properties: Record<string, string>): unknown => {
  try {
    parseRabbitMQPubSubMetadata(properties);
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? err.field : err;
  }
};

describe('parseRabbitMQPubSubMetadata()', () => {
  const connectionString = 'amqp://guest:guest@localhost:5672';

  it('returns Dapr defaults, except requeueInFailure and publisherConfirm (true), when only connectionString is set', () => {
    expect(parseRabbitMQPubSubMetadata({ connectionString })).toEqual<RabbitMQPubSubMetadata>({
      url: 'amqp://guest:guest@localhost:5672',
      target: 'amqp://guest:***@localhost:5672',
      consumerID: undefined,
      durable: false,
      deletedWhenUnused: true,
      autoAck: false,
      deliveryMode: 0,
      requeueInFailure: true,
      prefetchCount: 0,
      reconnectWaitMs: 3000,
      concurrencyMode: 'parallel',
      publisherConfirm: true,
      enableDeadLetter: false,
      maxLen: 0,
      maxLenBytes: 0,
      exchangeKind: 'fanout',
      ttlInSeconds: 0,
      clientName: undefined,
      heartbeatSeconds: 10,
      saslExternal: false,
      caCert: undefined,
      clientCert: undefined,
      clientKey: undefined,
    });
  });

  it('reads every field, case-insensitively', () => {
    const parsed = parseRabbitMQPubSubMetadata({
      CONNECTIONSTRING: 'amqps://u:p@rabbit:5671/vh',
      consumerid: 'app',
      durable: 'true',
      deletedWhenUnused: 'false',
      autoAck: 'yes',
      deliveryMode: '2',
      requeueInFailure: 'false',
      prefetchCount: '10',
      reconnectWait: '5',
      concurrencyMode: 'SINGLE',
      publisherConfirm: 'false',
      enableDeadLetter: '1',
      maxLen: '3000',
      maxLenBytes: '10485760',
      exchangeKind: 'topic',
      ttlInSeconds: '60',
      clientName: 'pod-1',
      heartBeat: '30s',
    });
    expect(parsed).toMatchObject({
      url: 'amqps://u:p@rabbit:5671/vh',
      consumerID: 'app',
      durable: true,
      deletedWhenUnused: false,
      autoAck: true,
      deliveryMode: 2,
      requeueInFailure: false,
      prefetchCount: 10,
      reconnectWaitMs: 5000,
      concurrencyMode: 'single',
      publisherConfirm: false,
      enableDeadLetter: true,
      maxLen: 3000,
      maxLenBytes: 10485760,
      exchangeKind: 'topic',
      ttlInSeconds: 60,
      clientName: 'pod-1',
      heartbeatSeconds: 30,
    });
  });

  it('accepts the deprecated host alias of connectionString', () => {
    expect(parseRabbitMQPubSubMetadata({ host: 'amqp://h:1234' }).url).toBe('amqp://h:1234');
  });

  it('builds the URL from hostname, port, username, password and protocol, escaping the credentials', () => {
    expect(parseRabbitMQPubSubMetadata({ hostname: 'rabbit', port: '5673', username: 'a@b', password: 'p:/w', protocol: 'amqps' })).toMatchObject({
      url: 'amqps://a%40b:p%3A%2Fw@rabbit:5673',
      target: 'amqps://a%40b:***@rabbit:5673',
    });
  });

  it('defaults the protocol to amqp and keeps a port given in hostname', () => {
    expect(parseRabbitMQPubSubMetadata({ hostname: 'localhost:5672', username: 'guest', password: 'guest' }).url).toBe('amqp://guest:guest@localhost:5672');
  });

  it.each<[string, Record<string, string>, string]>([
    ['neither connectionString nor hostname is set', {}, 'connectionString'],
    ['connectionString is combined with hostname', { connectionString, hostname: 'h' }, 'connectionString'],
    ['connectionString is combined with username', { connectionString, username: 'u' }, 'connectionString'],
    ['connectionString is not a URL', { connectionString: 'not a url' }, 'connectionString'],
    ['connectionString has another scheme', { connectionString: 'http://h' }, 'connectionString'],
    ['protocol is neither amqp nor amqps', { hostname: 'h', protocol: 'mqtt' }, 'protocol'],
    ['hostname holds a path', { hostname: 'h/x' }, 'hostname'],
    ['port is out of range', { hostname: 'h', port: '70000' }, 'port'],
    ['deliveryMode is above 2', { connectionString, deliveryMode: '3' }, 'deliveryMode'],
    ['prefetchCount is negative', { connectionString, prefetchCount: '-1' }, 'prefetchCount'],
    ['maxLen is not an integer', { connectionString, maxLen: 'lots' }, 'maxLen'],
    ['maxLenBytes is negative', { connectionString, maxLenBytes: '-5' }, 'maxLenBytes'],
    ['ttlInSeconds is not an integer', { connectionString, ttlInSeconds: '1.5' }, 'ttlInSeconds'],
    ['reconnectWait is not a duration', { connectionString, reconnectWait: 'soon' }, 'reconnectWait'],
    ['heartBeat is not a duration', { connectionString, heartBeat: 'often' }, 'heartBeat'],
    ['exchangeKind is unknown', { connectionString, exchangeKind: 'x-delayed' }, 'exchangeKind'],
    ['concurrencyMode is unknown', { connectionString, concurrencyMode: 'many' }, 'concurrencyMode'],
    ['clientCert comes without clientKey', { connectionString, clientCert: 'c' }, 'clientKey'],
    ['saslExternal comes without a client certificate', { connectionString, saslExternal: 'true' }, 'saslExternal'],
    ['two keys differ only in case', { connectionString, durable: 'true', Durable: 'false' }, 'Durable'],
  ])('throws a MetadataError naming the field when %s', (_case, properties, field) => {
    expect(fieldOf(properties)).toBe(field);
  });
});
