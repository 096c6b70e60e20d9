import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp folder holding the given files (name → content); for resources and fixtures. */
export function tempDirWith(files: Record<string, string>, prefix = 'dapr-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A fresh empty temp folder. */
export function tempDir(prefix = 'dapr-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
