import { readComponentMetadataFile, runMetadataFileConformance } from '@dapr-ts/conformance';
import { parsePostgresStateMetadata } from './postgres-state-metadata';
import { PostgresStateStore } from './postgres-state-store';

runMetadataFileConformance({ specDir: __dirname, type: 'state', name: 'postgresql', required: ['connectionString'], features: new PostgresStateStore().features(), extraCapabilities: ['actorStateStore'] });

describe('metadata.yaml fields', () => {
  const file = readComponentMetadataFile(__dirname);

  it('documents every field Dapr’s v1 docs list', () => {
    const names = file.metadata.map((field) => field.name);
    expect(names).toEqual(['connectionString', 'tableName', 'metadataTableName', 'timeout', 'cleanupInterval', 'maxConns', 'connectionMaxIdleTime', 'queryExecMode', 'actorStateStore']);
  });

  it('states the defaults the parser applies', () => {
    const md = parsePostgresStateMetadata({ connectionString: 'host=localhost' });
    const defaults = Object.fromEntries(file.metadata.map((field) => [field.name, field.default]));
    expect(defaults).toMatchObject({ tableName: md.tableName, metadataTableName: md.metadataTableName, timeout: `${md.timeoutMs / 1000}s`, cleanupInterval: `${(md.cleanupIntervalMs ?? 0) / 3_600_000}h` });
  });
});
