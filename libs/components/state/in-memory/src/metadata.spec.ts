import { readComponentMetadataFile } from '@dapr-ts/conformance';
import { InMemoryStateStore } from './in-memory-state-store';


describe('metadata.yaml', () => {
  const file = readComponentMetadataFile(__dirname);

  it('describes state.in-memory/v1 with no metadata fields', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'state', name: 'in-memory', version: 'v1', metadata: [] });
  });

  it('lists the capabilities features() returns, plus actorStateStore', () => {
    const features = new InMemoryStateStore().features().map((feature) => feature.toLowerCase());
    const listed = (file.capabilities ?? []).filter((capability) => capability !== 'actorStateStore');
    expect([...listed].sort()).toEqual([...features].sort());
    expect(file.capabilities).toContain('actorStateStore');
  });
});
