import { readComponentMetadataFile } from '@dapr-ts/conformance';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes secretstores.local.file/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'secretstores', name: 'local.file', version: 'v1' });
  });

  it('lists the fields LocalFileSecretStore reads, with their defaults', () => {
    expect(file.metadata.map(({ name, required, default: fallback }) => ({ name, required, default: fallback }))).toEqual([
      { name: 'secretsFile', required: true, default: undefined },
      { name: 'nestedSeparator', required: false, default: ':' },
      { name: 'multiValued', required: false, default: 'false' },
    ]);
  });
});
