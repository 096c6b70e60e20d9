import { readComponentMetadataFile } from '@dapr-ts/conformance';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes secretstores.local.env/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'secretstores', name: 'local.env', version: 'v1' });
  });

  it('lists prefix as its only, optional, field', () => {
    expect(file.metadata.map(({ name, required }) => ({ name, required: required ?? false }))).toEqual([{ name: 'prefix', required: false }]);
  });
});
