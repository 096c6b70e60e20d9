import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { RabbitMQBinding } from './rabbitmq-binding';
import { parseRabbitMQBindingMetadata } from './rabbitmq-binding-metadata';

const required = { queueName: 'q', host: 'amqp://guest:secret@broker:5672' };

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes bindings.rabbitmq/v1, input and output, with the operations RabbitMQBinding offers', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'rabbitmq', version: 'v1', binding: { input: true, output: true } });
    expect(file.binding?.operations.map(({ name }) => name)).toEqual([...new RabbitMQBinding().operations()]);
  });

  it('lists queueName and host as required, and defaults the parser accepts', () => {
    expect(file.metadata.filter((field) => field.required).map(({ name }) => name)).toEqual(['queueName', 'host']);
    for (const { name, default: fallback } of file.metadata) {
      if (fallback !== undefined) expect(() => parseRabbitMQBindingMetadata({ ...required, [name]: fallback })).not.toThrow();
    }
  });
});

describe('parseRabbitMQBindingMetadata', () => {
  it('decodes Dapr\'s defaults, masking the password', () => {
    expect(parseRabbitMQBindingMetadata(required)).toEqual({
      queueName: 'q',
      url: 'amqp://guest:secret@broker:5672',
      target: 'amqp://guest:***@broker:5672',
      durable: false,
      deleteWhenUnused: false,
      ttlInSeconds: undefined,
      prefetchCount: 0,
      exclusive: false,
      maxPriority: undefined,
      contentType: 'text/plain',
      reconnectWaitMs: 5000,
      externalSasl: false,
      caCert: undefined,
      clientCert: undefined,
      clientKey: undefined,
    });
  });

  it('decodes every field', () => {
    expect(parseRabbitMQBindingMetadata({ ...required, durable: 'true', deleteWhenUnused: 'true', ttlInSeconds: '60', prefetchCount: '10', exclusive: 'true', maxPriority: '5', contentType: 'application/json', reconnectWaitInSeconds: '2' })).toMatchObject({
      durable: true,
      deleteWhenUnused: true,
      ttlInSeconds: 60,
      prefetchCount: 10,
      exclusive: true,
      maxPriority: 5,
      contentType: 'application/json',
      reconnectWaitMs: 2000,
    });
  });

  it.each([
    [{ host: 'amqp://h' }, 'queueName', 'metadata field "queueName": is required'],
    [{ queueName: 'q' }, 'host', 'metadata field "host": is required'],
    [{ ...required, host: 'http://h' }, 'host', 'metadata field "host": must start with amqp:// or amqps://, got http://'],
    [{ ...required, host: 'not a url' }, 'host', 'metadata field "host": is not a URL (expected amqp://[user[:password]@]host[:port][/vhost])'],
    [{ ...required, maxPriority: '300' }, 'maxPriority', 'metadata field "maxPriority": must be between 1 and 255, got 300'],
    [{ ...required, prefetchCount: '-1' }, 'prefetchCount', 'metadata field "prefetchCount": must be 0 or more, got -1'],
    [{ ...required, durable: 'maybe' }, 'durable', 'metadata field "durable": "maybe" is not a boolean (use true or false)'],
    [{ ...required, clientCert: 'pem' }, 'clientKey', 'metadata field "clientKey": clientCert and clientKey must be set together'],
  ])('names the field in errors (%j)', (properties, field, message) => {
    expect(() => parseRabbitMQBindingMetadata(properties)).toThrow(expect.objectContaining({ name: 'MetadataError', field, message }) as Error);
  });
});
