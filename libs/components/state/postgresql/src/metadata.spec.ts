import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { parsePostgresStateMetadata } from './postgres-state-metadata';
import { PostgresStateStore } from './postgres-state-store';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes state.postgresql/v1 with connectionString as its only required field', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'state', name: 'postgresql', version: 'v1' });
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['connectionString']);
  });

  it('lists the capabilities features() returns, plus actorStateStore', () => {
    const features = new PostgresStateStore().features().map((feature) => feature.toLowerCase());
    const listed = (file.capabilities ?? []).filter((capability) => capability !== 'actorStateStore');
    expect([...listed].sort()).toEqual([...features].sort());
    expect(file.capabilities).toContain('actorStateStore');
  });

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
