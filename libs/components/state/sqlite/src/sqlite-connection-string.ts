import { MetadataError } from '@dapr-ts/components-common';

/** A SQLite connection string decoded: where the database lives and how to open it. */
export interface SqliteConnectionSettings {
  /** The file path (relative to the working directory, as in Dapr), or `:memory:`. */
  path: string;
  inMemory: boolean;
  /** `mode=ro` or `immutable=1`: no table creation, no writes. */
  readOnly: boolean;
  /** `mode=rw`: fail rather than create a missing file. */
  mustExist: boolean;
  /** `_pragma=name(value)` parameters other than busy_timeout, applied after opening. */
  pragmas: readonly { name: string; value: string }[];
  /** `_pragma=busy_timeout(ms)`, which Dapr's older docs used; the busyTimeout field wins. */
  busyTimeoutMs: number | undefined;
}

/** Pragmas the component sets itself; a connection string may not override them. */
const ReservedPragmas: Record<string, string> = {
  journal_mode: 'use the disableWAL metadata field instead',
  locking_mode: 'the component relies on normal locking so several sidecars can share the file',
};

/**
 * Decodes `connectionString` as Dapr accepts it: a file path (`data.db`), a `file:` URI
 * (`file:data.db?mode=ro`, `file:///var/lib/dapr/state.db`), or an in-memory database
 * (`:memory:`, `file::memory:?cache=shared`). Query parameters: `mode` (ro, rw, rwc, memory),
 * `immutable`, `_pragma` (repeatable, `name(value)`); `cache`, `_txlock` and SQLite's other URI
 * parameters are accepted and have no effect here. Errors name connectionString.
 */
export function parseSqliteConnectionString(value: string): SqliteConnectionSettings {
  const text = value.trim();
  const question = text.indexOf('?');
  const location = question < 0 ? text : text.slice(0, question);
  const params = new URLSearchParams(question < 0 ? '' : text.slice(question + 1));
  const mode = params.get('mode')?.toLowerCase();
  if (mode !== undefined && !['ro', 'rw', 'rwc', 'memory'].includes(mode)) throw invalid(`mode "${mode}" is not one of ro, rw, rwc, memory`);

  const path = filePath(location);
  const inMemory = mode === 'memory' || path === ':memory:' || path === '';
  const { pragmas, busyTimeoutMs } = parsePragmas(params.getAll('_pragma'));
  return {
    path: inMemory ? ':memory:' : path,
    inMemory,
    readOnly: !inMemory && (mode === 'ro' || params.get('immutable') === '1'),
    mustExist: mode === 'rw',
    pragmas,
    busyTimeoutMs,
  };
}

/** The path of a plain path or `file:` URI; `file://host/...` must name no host (or localhost). */
function filePath(location: string): string {
  if (!/^file:/i.test(location)) return location;
  let rest = location.slice('file:'.length);
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    if (authority !== '' && authority.toLowerCase() !== 'localhost') throw invalid(`a file: URI cannot name the host "${authority}"`);
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  try {
    return decodeURIComponent(rest);
  } catch {
    throw invalid(`"${rest}" has a malformed %-escape`);
  }
}

function parsePragmas(values: string[]): Pick<SqliteConnectionSettings, 'pragmas' | 'busyTimeoutMs'> {
  const pragmas: { name: string; value: string }[] = [];
  let busyTimeoutMs: number | undefined;
  for (const raw of values) {
    const match = /^\s*([A-Za-z_]+)\s*(?:\(\s*([A-Za-z0-9_-]*)\s*\)|=\s*([A-Za-z0-9_-]*))?\s*$/.exec(raw);
    if (!match) throw invalid(`_pragma "${raw}" is not name(value)`);
    const name = (match[1] ?? '').toLowerCase();
    const value = match[2] ?? match[3] ?? '';
    const reserved = ReservedPragmas[name];
    if (reserved !== undefined) throw invalid(`_pragma ${name} cannot be set: ${reserved}`);
    if (name === 'busy_timeout') {
      if (!/^\d+$/.test(value)) throw invalid(`_pragma busy_timeout needs milliseconds, got "${value}"`);
      busyTimeoutMs = Number(value);
    } else {
      pragmas.push({ name, value });
    }
  }
  return { pragmas, busyTimeoutMs };
}

function invalid(message: string): MetadataError {
  return new MetadataError('connectionString', message);
}
