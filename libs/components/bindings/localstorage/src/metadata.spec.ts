import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { LocalStorageBinding } from './localstorage-binding';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes the output-only bindings.localstorage/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'localstorage', version: 'v1', binding: { input: false, output: true } });
  });

  it('lists the operations LocalStorageBinding supports', () => {
    expect(file.binding?.operations.map((operation) => operation.name)).toEqual([...new LocalStorageBinding().operations()]);
  });

  it('lists the fields LocalStorageBinding reads, with their defaults', () => {
    expect(file.metadata.map(({ name, required, default: fallback }) => ({ name, required, default: fallback }))).toEqual([
      { name: 'rootPath', required: true, default: undefined },
      { name: 'fromTemp', required: false, default: 'false' },
    ]);
  });
});
