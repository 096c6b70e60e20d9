import { readComponentMetadataFile } from '@dapr-ts/conformance';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes the input-only bindings.cron/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'bindings', name: 'cron', version: 'v1', binding: { input: true, output: false, operations: [] } });
  });

  it('lists the fields CronBinding reads', () => {
    expect(file.metadata.map(({ name, required, default: fallback }) => ({ name, required, default: fallback }))).toEqual([{ name: 'schedule', required: true, default: undefined }]);
  });
});
