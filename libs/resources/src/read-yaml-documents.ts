import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, Type, YAMLException, loadAll } from 'js-yaml';
import { type RawDocument, asRecord } from './raw-document';
import { ResourceError } from './resource-error';

/**
 * YAML 1.2 core types plus merge keys (`<<`). Timestamps are left out on purpose: daprd hands
 * metadata values over as written, so `2024-01-01` must stay a string, not become a Date.
 */
const schema = CORE_SCHEMA.extend({
  // js-yaml's own merge type (missing from its typings): the loader merges keys resolved to this tag.
  implicit: [new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null })],
});

/**
 * Reads a multi-document YAML file and returns its mapping documents in order; empty documents
 * (and bare scalars or lists, which cannot be resources) are dropped.
 * @throws ResourceError when the file cannot be read or is not valid YAML (with line and column).
 * @internal
 */
export function readYamlDocuments(file: string): RawDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ResourceError({ file, problem: `cannot read file: ${(err as Error).message}`, cause: err });
  }
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, { filename: file, schema });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    const mark = err.mark as YAMLException['mark'] | undefined;
    const at = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
    throw new ResourceError({ file, problem: `invalid YAML${at}: ${err.reason}`, cause: err });
  }
  return docs.map(asRecord).filter((doc): doc is RawDocument => doc !== undefined);
}
