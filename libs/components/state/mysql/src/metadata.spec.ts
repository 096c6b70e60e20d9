import { readComponentMetadataFile, runMetadataFileConformance } from '@dapr-ts/conformance';
import { parseMySqlStateMetadata } from './mysql-state-metadata';
import { MySqlStateStore } from './mysql-state-store';

runMetadataFileConformance({ specDir: __dirname, type: 'state', name: 'mysql', required: ['connectionString'], features: new MySqlStateStore().features(), extraCapabilities: ['actorStateStore'] });

describe('metadata.yaml fields', () => {
  const file = readComponentMetadataFile(__dirname);

  it('documents every field the parser reads', () => {
    expect(file.metadata.map((field) => field.name)).toEqual([
      'connectionString',
      'schemaName',
      'tableName',
      'metadataTableName',
      'timeoutInSeconds',
      'cleanupInterval',
      'pemPath',
      'pemContents',
      'maxOpenConns',
      'maxIdleConns',
      'connMaxLifetime',
      'connMaxIdleTime',
      'actorStateStore',
    ]);
  });

  it('states the defaults the parser applies', () => {
    const md = parseMySqlStateMetadata({ connectionString: 'root:@tcp(localhost:3306)/' });
    const defaults = Object.fromEntries(file.metadata.map((field) => [field.name, field.default]));
    expect(defaults).toMatchObject({
      schemaName: md.schemaName,
      tableName: md.tableName,
      metadataTableName: md.metadataTableName,
      timeoutInSeconds: `${md.timeoutMs / 1000}`,
      cleanupInterval: `${(md.cleanupIntervalMs ?? 0) / 3_600_000}h`,
    });
  });
});
