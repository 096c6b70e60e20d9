import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

interface ComponentMetadataFile {
  schemaVersion: string;
  type: string;
  name: string;
  version: string;
  metadata: { name: string; required?: boolean }[];
}

describe('metadata.yaml', () => {
  const file = load(readFileSync(join(__dirname, '..', 'metadata.yaml'), 'utf8')) as ComponentMetadataFile;

  it('describes secretstores.local.env/v1', () => {
    expect(file).toMatchObject({ schemaVersion: 'v1', type: 'secretstores', name: 'local.env', version: 'v1' });
  });

  it('lists prefix as its only, optional, field', () => {
    expect(file.metadata.map(({ name, required }) => ({ name, required: required ?? false }))).toEqual([{ name: 'prefix', required: false }]);
  });
});
