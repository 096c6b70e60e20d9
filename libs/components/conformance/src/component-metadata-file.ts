import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/** A component's `metadata.yaml` (contrib's component-metadata schema), the fields our specs check. */
export interface ComponentMetadataFile {
  schemaVersion: string;
  type: string;
  name: string;
  version: string;
  capabilities?: string[];
  binding?: { input: boolean; output: boolean; operations: { name: string; description?: string }[] };
  metadata: { name: string; required?: boolean; default?: string; description?: string }[];
}

/** Reads the `metadata.yaml` next to a component's `src/` folder, from a spec's `__dirname`. */
export function readComponentMetadataFile(specDir: string): ComponentMetadataFile {
  return load(readFileSync(join(specDir, '..', 'metadata.yaml'), 'utf8')) as ComponentMetadataFile;
}
