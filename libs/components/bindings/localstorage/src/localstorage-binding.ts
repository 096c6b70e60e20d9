import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BindingOperation, BindingRequestError, type InvokeRequest, type InvokeResponse, type OutputBinding } from '@dapr-ts/components-bindings';
import { MetadataError, MetadataReader, type ComponentMetadata } from '@dapr-ts/components-common';
import { containedPath } from './contained-path';
import { decodeFileData } from './decode-file-data';

/**
 * `bindings.localstorage`: files under a root directory (contrib bindings/localstorage).
 * Metadata: `rootPath` (required, created if missing; relative paths resolve against the working
 * directory, or against the system temp directory when `fromTemp` is true).
 *
 * Operations, all taking request metadata `fileName` relative to the root:
 * - `create`: writes the data (see {@link decodeFileData}) to `fileName`, a random UUID by
 *   default, creating parent directories; answers `{"fileName": "<name>"}`.
 * - `get`: answers the file's bytes.
 * - `list`: answers a JSON array of the files below `fileName` (the root by default), as paths
 *   relative to the root with `/` separators, sorted, so each can be passed back to `get`.
 *   A missing directory lists as `[]`. Symbolic links are not listed or followed.
 * - `delete`: removes the file and answers nothing.
 *
 * A `fileName` that is absolute, climbs out with `..` or leads out through a symbolic link throws
 * BindingRequestError and touches nothing. So do a missing file for `get`/`delete` and a directory
 * where a file is expected: both are mistakes in the request.
 */
export class LocalStorageBinding implements OutputBinding {
  /** Real path of the root, without symlinks, so containment checks compare like with like. */
  private root: string | undefined;

  async init(metadata: ComponentMetadata, signal: AbortSignal): Promise<void> {
    const md = new MetadataReader(metadata.properties);
    const rootPath = md.requiredString('rootPath');
    const absolute = md.bool('fromTemp', false) ? resolve(tmpdir(), rootPath) : resolve(rootPath);
    signal.throwIfAborted();
    try {
      await mkdir(absolute, { recursive: true });
      this.root = await realpath(absolute);
    } catch (err) {
      throw new MetadataError('rootPath', `cannot create directory ${absolute}: ${messageOf(err)}`);
    }
  }

  operations(): readonly string[] {
    return [BindingOperation.Create, BindingOperation.Get, BindingOperation.List, BindingOperation.Delete];
  }

  async invoke(req: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    const root = this.root;
    if (root === undefined) throw new Error('localstorage binding: invoke() called before init()');
    signal.throwIfAborted();
    switch (req.operation) {
      case BindingOperation.Create:
        return this.create(root, req, signal);
      case BindingOperation.Get:
        return this.get(root, requiredFileName(req), signal);
      case BindingOperation.List:
        return this.list(root, req.metadata['fileName'] ?? '');
      case BindingOperation.Delete:
        return this.delete(root, requiredFileName(req));
      default:
        throw new BindingRequestError(`operation "${req.operation}" is not supported; supported operations: ${this.operations().join(', ')}`);
    }
  }

  async close(): Promise<void> {
    this.root = undefined;
  }

  private async create(root: string, req: InvokeRequest, signal: AbortSignal): Promise<InvokeResponse> {
    const fileName = req.metadata['fileName'] || randomUUID();
    const path = await containedPath(root, fileName);
    await fileOperation(fileName, async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, decodeFileData(req.data), { signal });
    });
    return { data: Buffer.from(JSON.stringify({ fileName })), contentType: 'application/json' };
  }

  private async get(root: string, fileName: string, signal: AbortSignal): Promise<InvokeResponse> {
    const path = await containedPath(root, fileName);
    const data = await fileOperation(fileName, () => readFile(path, { signal }));
    return { data };
  }

  private async list(root: string, fileName: string): Promise<InvokeResponse> {
    const path = await containedPath(root, fileName, { allowRoot: true });
    const kind = await stat(path).then(
      (s) => (s.isDirectory() ? 'dir' : 'file'),
      () => 'missing',
    );
    const files = kind === 'dir' ? await filesBelow(path) : kind === 'file' ? [path] : [];
    const names = files.map((file) => relative(root, file).split(sep).join('/')).sort();
    return { data: Buffer.from(JSON.stringify(names)), contentType: 'application/json' };
  }

  private async delete(root: string, fileName: string): Promise<InvokeResponse> {
    const path = await containedPath(root, fileName);
    await fileOperation(fileName, () => unlink(path));
    return {};
  }
}

function requiredFileName(req: InvokeRequest): string {
  const fileName = req.metadata['fileName'];
  if (!fileName) throw new BindingRequestError(`metadata "fileName" is required for operation "${req.operation}"`);
  return fileName;
}

/** Runs a file operation, turning "no such file" and "not a file" into the caller's mistake. */
async function fileOperation<T>(fileName: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
    if (code === 'ENOENT') throw new BindingRequestError(`file "${fileName}" not found`, { cause: err });
    if (code === 'EISDIR') throw new BindingRequestError(`fileName "${fileName}" is a directory`, { cause: err });
    // ENOTDIR/EEXIST: a part of the path that should be a directory is a file.
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new BindingRequestError(`fileName "${fileName}" runs through a file as if it were a directory`, { cause: err });
    throw err;
  }
}

/** Regular files below `dir`, recursively; symbolic links are neither listed nor followed. */
async function filesBelow(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesBelow(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** Duck-typed: fs errors fail `instanceof Error` under jest's module realms. */
function messageOf(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}
