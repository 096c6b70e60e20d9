import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { InMemoryStateStore } from './in-memory-state-store';

interface ComponentMetadataFile {
  schemaVersion: string;
  type: string;
  name: string;
  version: string;
  capabilities?: string[];
  metadata: unknown[];
}

describe('metadata.yaml', () => {
  const file = load(readFileSync(join(__dirname, '..', 'metadata.yaml'), 'utf8')) as ComponentMetadataFile;

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
