import { readComponentMetadataFile, runMetadataFileConformance } from '@dapr-ts/conformance';
import { parseSqliteStateMetadata } from './sqlite-state-metadata';
import { SqliteStateStore } from './sqlite-state-store';

runMetadataFileConformance({ specDir: __dirname, type: 'state', name: 'sqlite', required: ['connectionString'], features: new SqliteStateStore().features(), extraCapabilities: ['actorStateStore'] });

describe('metadata.yaml fields', () => {
  const file = readComponentMetadataFile(__dirname);

  it('documents every field Dapr’s docs list', () => {
    expect(file.metadata.map((field) => field.name)).toEqual(['connectionString', 'tableName', 'metadataTableName', 'timeout', 'busyTimeout', 'disableWAL', 'cleanupInterval', 'actorStateStore']);
  });

  it('states the defaults the parser applies', () => {
    const md = parseSqliteStateMetadata({ connectionString: 'data.db' });
    const defaults = Object.fromEntries(file.metadata.map((field) => [field.name, field.default]));
    expect(defaults).toMatchObject({
      tableName: md.tableName,
      metadataTableName: md.metadataTableName,
      timeout: `${md.timeoutMs / 1000}s`,
      busyTimeout: `${md.busyTimeoutMs / 1000}s`,
      disableWAL: String(md.disableWAL),
      cleanupInterval: String(md.cleanupIntervalMs ?? 0),
    });
  });
});
