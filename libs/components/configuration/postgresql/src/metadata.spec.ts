import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { PostgresConfigurationStore } from './postgres-configuration-store';

describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes configuration.postgresql/v1 with connectionString and table required', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'configuration', name: 'postgresql', version: 'v1' });
    expect(file.metadata.filter((field) => field.required).map((field) => field.name)).toEqual(['connectionString', 'table']);
  });

  it('lists exactly the capabilities features() returns', () => {
    const features = new PostgresConfigurationStore().features().map((feature) => String(feature).toLowerCase());
    expect([...(file.capabilities ?? [])].sort()).toEqual([...features].sort());
  });

  it('documents every field Dapr lists for the component', () => {
    const names = file.metadata.map((field) => field.name);
    for (const name of ['connectionString', 'table', 'host', 'hostaddr', 'port', 'database', 'user', 'password', 'sslRootCert', 'timeout', 'maxConns', 'connectionMaxIdleTime', 'queryExecMode']) {
      expect(names).toContain(name);
    }
  });
});
