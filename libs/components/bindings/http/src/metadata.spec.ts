import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { nopLogger } from '@dapr-ts/logger';
import { HttpOutputBinding } from './http-output-binding';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes the output-only bindings.http/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'http', version: 'v1', binding: { input: false, output: true } });
  });

  it('lists the operations HttpOutputBinding supports', () => {
    expect(file.binding?.operations.map((operation) => operation.name)).toEqual([...new HttpOutputBinding({ logger: nopLogger() }).operations()]);
  });

  it('lists the fields HttpOutputBinding reads, with their defaults', () => {
    expect(file.metadata.map(({ name, required, default: fallback }) => ({ name, required, default: fallback }))).toEqual([
      { name: 'url', required: true, default: undefined },
      { name: 'responseTimeout', required: false, default: undefined },
      { name: 'maxResponseBodySize', required: false, default: '100Mi' },
      { name: 'securityToken', required: false, default: undefined },
      { name: 'securityTokenHeader', required: false, default: undefined },
      { name: 'errorIfNot2XX', required: false, default: 'true' },
    ]);
  });
});
