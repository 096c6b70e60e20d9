import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

// docs/components.md is generated from every component's metadata.yaml by tools/component-docs.mjs;
// this spec regenerates it and fails when the committed page differs, so the reference never rots.
const workspaceRoot = join(__dirname, '..', '..', '..', '..');
const generator = join(workspaceRoot, 'tools', 'component-docs.mjs');
const page = join(workspaceRoot, 'docs', 'components.md');

function generate(): string {
  return execFileSync(process.execPath, [generator, '--stdout'], { cwd: workspaceRoot, encoding: 'utf8' });
}

/** The first line where the two texts differ, both versions shown, for a readable failure. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const index = a.findIndex((line, i) => line !== b[i]);
  const at = index === -1 ? a.length : index;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '<end of file>'}\n  generated: ${b[at] ?? '<end of file>'}`;
}

function metadataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return metadataFiles(path);
    return entry.name === 'metadata.yaml' ? [path] : [];
  });
}

describe('docs/components.md', () => {
  it('is what tools/component-docs.mjs generates from the metadata.yaml files', () => {
    const committed = readFileSync(page, 'utf8');
    const generated = generate();
    if (committed !== generated) {
      throw new Error(`docs/components.md is stale; regenerate it with: node tools/component-docs.mjs\n${firstDifference(committed, generated)}`);
    }
  });

  it('has a section with every metadata field of every component', () => {
    const generated = generate();
    const files = metadataFiles(join(workspaceRoot, 'libs', 'components'));
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const file = load(readFileSync(path, 'utf8')) as { type: string; name: string; metadata?: { name: string }[] };
      const start = generated.indexOf(`\n## ${file.type}.${file.name}\n`);
      expect({ component: `${file.type}.${file.name}`, found: start !== -1 }).toEqual({ component: `${file.type}.${file.name}`, found: true });
      const end = generated.indexOf('\n## ', start + 1);
      const section = generated.slice(start, end === -1 ? undefined : end);
      for (const field of file.metadata ?? []) {
        expect({ component: `${file.type}.${file.name}`, field: field.name, listed: section.includes(`| \`${field.name}\` |`) }).toEqual({
          component: `${file.type}.${file.name}`,
          field: field.name,
          listed: true,
        });
      }
    }
  });
});
