import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

interface ComponentMetadataFile {
  schemaVersion: string;
  type: string;
  name: string;
  version: string;
  metadata: { name: string; required?: boolean; default?: string }[];
}

describe('metadata.yaml', () => {
  const file = load(readFileSync(join(__dirname, '..', 'metadata.yaml'), 'utf8')) as ComponentMetadataFile;

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
