import { isMetadataError } from '@dapr-ts/components-common';
import { parseJetStreamPubSubMetadata, type JetStreamPubSubMetadata } from './jetstream-pubsub-metadata';

const fieldOf = (properties: Record<string, string>): unknown => {
  try {
    parseJetStreamPubSubMetadata(properties);
    return 'no error';
  } catch (err) {
    return isMetadataError(err) ? err.field : err;
  }
};

describe('parseJetStreamPubSubMetadata()', () => {
  const natsURL = 'nats://localhost:4222';

  it("returns Dapr's defaults when only natsURL is set", () => {
    expect(parseJetStreamPubSubMetadata({ natsURL })).toEqual<JetStreamPubSubMetadata>({
      servers: ['localhost:4222'],
      target: 'nats://localhost:4222',
      tls: false,
      user: undefined,
      pass: undefined,
      token: undefined,
      name: 'dapr.io - pubsub.jetstream',
      consumerID: undefined,
      streamName: undefined,
      durableName: undefined,
      queueGroupName: undefined,
      deliverPolicy: 'all',
      startSequence: undefined,
      startTime: undefined,
      flowControl: false,
      ackWaitMs: undefined,
      maxDeliver: undefined,
      backOffMs: [],
      maxAckPending: undefined,
      replicas: undefined,
      memoryStorage: false,
      rateLimit: undefined,
      heartbeatMs: undefined,
      ackPolicy: 'explicit',
      domain: undefined,
      apiPrefix: undefined,
      concurrency: 'single',
    });
  });

  it('reads every field, case-insensitively', () => {
    expect(
      parseJetStreamPubSubMetadata({
        NATSURL: 'tls://nats.example',
        token: 's3cret',
        name: 'conn',
        consumerid: 'app',
        streamName: 'ORDERS',
        durableName: 'd',
        queueGroupName: 'q',
        deliverPolicy: 'time',
        startTime: '1630349391',
        flowControl: 'true',
        ackWait: '10s',
        maxDeliver: '5',
        backOff: '50ms, 1s, 10s',
        maxAckPending: '5000',
        replicas: '3',
        memoryStorage: 'true',
        rateLimit: '1024',
        hearbeat: '15s',
        ackPolicy: 'ALL',
        domain: 'hub',
        apiPrefix: 'PREFIX',
        concurrency: 'parallel',
      }),
    ).toEqual<JetStreamPubSubMetadata>({
      servers: ['nats.example:4222'],
      target: 'tls://nats.example',
      tls: true,
      user: undefined,
      pass: undefined,
      token: 's3cret',
      name: 'conn',
      consumerID: 'app',
      streamName: 'ORDERS',
      durableName: 'd',
      queueGroupName: 'q',
      deliverPolicy: 'time',
      startSequence: undefined,
      startTime: new Date(1630349391 * 1000),
      flowControl: true,
      ackWaitMs: 10_000,
      maxDeliver: 5,
      backOffMs: [50, 1000, 10_000],
      maxAckPending: 5000,
      replicas: 3,
      memoryStorage: true,
      rateLimit: 1024,
      heartbeatMs: 15_000,
      ackPolicy: 'all',
      domain: 'hub',
      apiPrefix: 'PREFIX',
      concurrency: 'parallel',
    });
  });

  it('takes user:password or a token out of natsURL, masking them, and accepts several servers', () => {
    expect(parseJetStreamPubSubMetadata({ natsURL: 'nats://us%40er:p%3Ass@a:4223, nats://b' })).toMatchObject({
      servers: ['a:4223', 'b:4222'],
      target: 'nats://us%40er:***@a:4223,nats://b',
      user: 'us@er',
      pass: 'p:ss',
      token: undefined,
    });
    expect(parseJetStreamPubSubMetadata({ natsURL: 'nats://t0ken@a' })).toMatchObject({ servers: ['a:4222'], target: 'nats://***@a', token: 't0ken', user: undefined });
    expect(parseJetStreamPubSubMetadata({ natsURL: 'localhost:4222' }).servers).toEqual(['localhost:4222']);
  });

  it.each<[string, Record<string, string>, JetStreamPubSubMetadata['deliverPolicy']]>([
    ['startSequence alone', { startSequence: '10' }, 'sequence'],
    ['startTime alone', { startTime: '1630349391' }, 'time'],
    ['deliverAll', { deliverAll: 'true' }, 'all'],
    ['deliverPolicy new', { deliverPolicy: 'new' }, 'new'],
  ])('derives deliverPolicy from %s', (_case, properties, policy) => {
    expect(parseJetStreamPubSubMetadata({ natsURL, ...properties }).deliverPolicy).toBe(policy);
  });

  it.each<[string, Record<string, string>, string]>([
    ['natsURL is missing', {}, 'natsURL'],
    ['natsURL has another scheme', { natsURL: 'http://h' }, 'natsURL'],
    ['jwt is set', { natsURL, jwt: 'eyJ' }, 'jwt'],
    ['seedKey is set', { natsURL, seedKey: 'SU' }, 'seedKey'],
    ['tls_client_cert is set', { natsURL, tls_client_cert: '/c' }, 'tls_client_cert'],
    ['tls_client_key is set', { natsURL, tls_client_key: '/k' }, 'tls_client_key'],
    ['token comes with credentials in natsURL', { natsURL: 'nats://u:p@h', token: 't' }, 'token'],
    ['deliverPolicy is unknown', { natsURL, deliverPolicy: 'first' }, 'deliverPolicy'],
    ['deliverPolicy sequence comes without startSequence', { natsURL, deliverPolicy: 'sequence' }, 'startSequence'],
    ['deliverPolicy time comes without startTime', { natsURL, deliverPolicy: 'time' }, 'startTime'],
    ['startSequence and startTime come without deliverPolicy', { natsURL, startSequence: '1', startTime: '1' }, 'deliverPolicy'],
    ['startSequence is 0', { natsURL, startSequence: '0' }, 'startSequence'],
    ['ackWait is not a duration', { natsURL, ackWait: 'long' }, 'ackWait'],
    ['ackWait is 0', { natsURL, ackWait: '0s' }, 'ackWait'],
    ['backOff holds a bad duration', { natsURL, backOff: '1s, soon', maxDeliver: '5' }, 'backOff'],
    ['backOff comes without maxDeliver', { natsURL, backOff: '1s, 2s' }, 'maxDeliver'],
    ['maxDeliver does not exceed the backOff values', { natsURL, backOff: '1s, 2s', maxDeliver: '2' }, 'maxDeliver'],
    ['maxAckPending is 0', { natsURL, maxAckPending: '0' }, 'maxAckPending'],
    ['ackPolicy is unknown', { natsURL, ackPolicy: 'sometimes' }, 'ackPolicy'],
    ['concurrencyMode is unknown', { natsURL, concurrencyMode: 'many' }, 'concurrencyMode'],
    ['two keys differ only in case', { natsURL, ackWait: '1s', AckWait: '2s' }, 'AckWait'],
  ])('throws a MetadataError naming the field when %s', (_case, properties, field) => {
    expect(fieldOf(properties)).toBe(field);
  });
});
