import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import { BindingRequestError } from '@dapr-ts/components-bindings';

/**
 * Resolves a caller's `fileName` to a path inside `root` (itself a real path, no symlinks), or
 * throws BindingRequestError without touching anything. Refused: absolute names, names that climb
 * out with `..`, the root itself (unless `allowRoot`), and names whose deepest existing part is a
 * symbolic link leading outside the root or nowhere (so a write cannot follow it out).
 *
 * This closes the lexical and symlink escapes present when the request arrives; a directory
 * swapped for a symlink between this check and the file operation is out of its reach.
 */
export async function containedPath(root: string, fileName: string, options: { allowRoot?: boolean } = {}): Promise<string> {
  const refuse = (why: string): BindingRequestError => new BindingRequestError(`fileName "${fileName}" ${why}`);
  if (fileName.includes('\0')) throw refuse('contains a NUL character');
  if (isAbsolute(fileName) || win32.isAbsolute(fileName)) throw refuse('must be relative to rootPath');
  const target = resolve(root, fileName);
  const rel = relative(root, target);
  if (rel === '' && !options.allowRoot) throw refuse('must name a file below rootPath');
  if (!isInside(root, target)) throw refuse('resolves outside rootPath');

  // Find the deepest part of the path that exists; its real location must stay inside the root.
  let existing = target;
  for (;;) {
    const stat = await lstat(existing).catch(() => undefined);
    if (stat) break;
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    throw refuse('is a symbolic link that leads nowhere');
  }
  if (!isInside(root, real)) throw refuse('resolves outside rootPath through a symbolic link');
  return target;
}

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
