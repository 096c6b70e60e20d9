import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isBindingRequestError, type InvokeResponse } from '@dapr-ts/components-bindings';
import { LocalStorageBinding } from './localstorage-binding';

describe('LocalStorageBinding', () => {
  const signal = new AbortController().signal;
  let dir: string;
  let root: string;
  let outside: string;
  let binding: LocalStorageBinding;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'localstorage-binding-'));
    root = join(dir, 'root');
    outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    binding = new LocalStorageBinding();
    await binding.init({ name: 'files', properties: { rootPath: root } }, signal);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function call(operation: string, metadata: Record<string, string> = {}, data = ''): Promise<InvokeResponse> {
    return binding.invoke({ operation, data: Buffer.from(data), metadata }, signal);
  }

  const text = (response: InvokeResponse): string => Buffer.from(response.data ?? new Uint8Array()).toString();

  async function requestError(promise: Promise<unknown>): Promise<string> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isBindingRequestError(err)) throw new Error(`expected a BindingRequestError, got ${String(err)}`);
    return err.message;
  }

  /** Every path under the test directory, to prove a refused request touched nothing. */
  const tree = (): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

  describe('.init()', () => {
    it('creates a missing rootPath, parents included', async () => {
      const nested = join(dir, 'a', 'b', 'c');
      await new LocalStorageBinding().init({ name: 'files', properties: { rootPath: nested } }, signal);
      expect(existsSync(nested)).toBe(true);
    });

    it('resolves rootPath under the temp directory when fromTemp is true', async () => {
      const name = `${basename(dir)}/from-temp`;
      const temp = new LocalStorageBinding();
      await temp.init({ name: 'files', properties: { rootPath: name, fromTemp: 'true' } }, signal);
      await temp.invoke({ operation: 'create', data: Buffer.from('x y'), metadata: { fileName: 'f.txt' } }, signal);
      expect(readFileSync(join(tmpdir(), name, 'f.txt'), 'utf8')).toBe('x y');
    });

    it('requires rootPath', async () => {
      await expect(new LocalStorageBinding().init({ name: 'files', properties: {} }, signal)).rejects.toMatchObject({ name: 'MetadataError', field: 'rootPath', message: 'metadata field "rootPath": is required' });
    });

    it('rejects a rootPath that is a file', async () => {
      const file = join(dir, 'file');
      writeFileSync(file, '');
      await expect(new LocalStorageBinding().init({ name: 'files', properties: { rootPath: file } }, signal)).rejects.toMatchObject({ name: 'MetadataError', field: 'rootPath' });
    });
  });

  describe('.operations()', () => {
    it('returns create, get, list and delete', () => {
      expect(binding.operations()).toEqual(['create', 'get', 'list', 'delete']);
    });
  });

  describe('create', () => {
    it('writes the data to fileName and answers the name as JSON', async () => {
      const response = await call('create', { fileName: 'my-test-file.txt' }, 'Hello World');
      expect(text(response)).toBe('{"fileName":"my-test-file.txt"}');
      expect(response.contentType).toBe('application/json');
      expect(readFileSync(join(root, 'my-test-file.txt'), 'utf8')).toBe('Hello World');
    });

    it('names the file with a random UUID by default', async () => {
      const response = await call('create', {}, 'Hello World');
      const { fileName } = JSON.parse(text(response)) as { fileName: string };
      expect(fileName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(readFileSync(join(root, fileName), 'utf8')).toBe('Hello World');
    });

    it('creates parent directories', async () => {
      await call('create', { fileName: 'a/b/c.txt' }, 'deep data');
      expect(readFileSync(join(root, 'a', 'b', 'c.txt'), 'utf8')).toBe('deep data');
    });

    it('overwrites an existing file', async () => {
      await call('create', { fileName: 'f.txt' }, 'one two');
      await call('create', { fileName: 'f.txt' }, 'three four');
      expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('three four');
    });

    it.each([
      ['Base64 text', 'aGVsbG8gd29ybGQ=', 'hello world'],
      ['a JSON string literal', '"Hello World"', 'Hello World'],
      ['a JSON string literal holding Base64', '"aGVsbG8gd29ybGQ="', 'hello world'],
      ['text that is not Base64', 'Hello World', 'Hello World'],
      ['a JSON object', '{"a":1}', '{"a":1}'],
    ])('decodes %s as Dapr does', async (_what, data, stored) => {
      await call('create', { fileName: 'f' }, data);
      expect(readFileSync(join(root, 'f'), 'utf8')).toBe(stored);
    });

    it('refuses a directory as fileName', async () => {
      mkdirSync(join(root, 'd'));
      expect(await requestError(call('create', { fileName: 'd' }, 'x y'))).toBe('fileName "d" is a directory');
    });

    it('refuses a path that runs through a file', async () => {
      await call('create', { fileName: 'f.txt' }, 'x y');
      expect(await requestError(call('create', { fileName: 'f.txt/g.txt' }, 'x y'))).toBe('fileName "f.txt/g.txt" runs through a file as if it were a directory');
    });
  });

  describe('get', () => {
    it('answers the bytes of the file', async () => {
      writeFileSync(join(root, 'bin'), Buffer.from([0, 1, 2, 255]));
      expect((await call('get', { fileName: 'bin' })).data).toEqual(Buffer.from([0, 1, 2, 255]));
    });

    it('reads what create wrote', async () => {
      await call('create', { fileName: 'dir/f.txt' }, 'round trip');
      expect(text(await call('get', { fileName: 'dir/f.txt' }))).toBe('round trip');
    });

    it('refuses a missing file', async () => {
      expect(await requestError(call('get', { fileName: 'nope.txt' }))).toBe('file "nope.txt" not found');
    });

    it('requires fileName', async () => {
      expect(await requestError(call('get'))).toBe('metadata "fileName" is required for operation "get"');
    });

    it('follows a symbolic link that stays inside the root', async () => {
      writeFileSync(join(root, 'target.txt'), 'inside');
      symlinkSync(join(root, 'target.txt'), join(root, 'link.txt'));
      expect(text(await call('get', { fileName: 'link.txt' }))).toBe('inside');
    });
  });

  describe('list', () => {
    beforeEach(() => {
      mkdirSync(join(root, 'my', 'cool', 'directory'), { recursive: true });
      writeFileSync(join(root, 'b.txt'), '');
      writeFileSync(join(root, 'a.txt'), '');
      writeFileSync(join(root, 'my', 'cool', 'x.txt'), '');
      writeFileSync(join(root, 'my', 'cool', 'directory', 'y.txt'), '');
      symlinkSync(outside, join(root, 'escape'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
    });

    it('answers every regular file below the root, relative and sorted, without following symbolic links', async () => {
      const response = await call('list');
      expect(JSON.parse(text(response))).toEqual(['a.txt', 'b.txt', 'my/cool/directory/y.txt', 'my/cool/x.txt']);
      expect(response.contentType).toBe('application/json');
    });

    it('answers the files below the directory named by fileName, relative to the root', async () => {
      expect(JSON.parse(text(await call('list', { fileName: 'my/cool/directory' })))).toEqual(['my/cool/directory/y.txt']);
    });

    it('answers the file itself when fileName names a file', async () => {
      expect(JSON.parse(text(await call('list', { fileName: 'my/cool/x.txt' })))).toEqual(['my/cool/x.txt']);
    });

    it('answers an empty array for a missing directory', async () => {
      expect(JSON.parse(text(await call('list', { fileName: 'nope' })))).toEqual([]);
    });

    it('refuses to list through a symbolic link leading outside', async () => {
      expect(await requestError(call('list', { fileName: 'escape' }))).toBe('fileName "escape" resolves outside rootPath through a symbolic link');
    });
  });

  describe('delete', () => {
    it('removes the file and answers nothing', async () => {
      writeFileSync(join(root, 'f.txt'), 'x');
      expect(await call('delete', { fileName: 'f.txt' })).toEqual({});
      expect(existsSync(join(root, 'f.txt'))).toBe(false);
    });

    it('refuses a missing file', async () => {
      expect(await requestError(call('delete', { fileName: 'nope.txt' }))).toBe('file "nope.txt" not found');
    });

    it('refuses a directory', async () => {
      mkdirSync(join(root, 'd'));
      expect(await requestError(call('delete', { fileName: 'd' }))).toBe('fileName "d" is a directory');
      expect(existsSync(join(root, 'd'))).toBe(true);
    });
  });

  describe('containment', () => {
    beforeEach(() => {
      symlinkSync(outside, join(root, 'escape'));
      symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
      symlinkSync(join(outside, 'not-there.txt'), join(root, 'dangling.txt'));
    });

    const cases: [string, string, string][] = [
      ['../outside/secret.txt', 'resolves outside rootPath', 'climbs out with ..'],
      ['a/../../outside/secret.txt', 'resolves outside rootPath', 'climbs out through a subdirectory'],
      ['..', 'resolves outside rootPath', 'is the parent'],
      ['/etc/passwd', 'must be relative to rootPath', 'is absolute'],
      ['C:\\Windows\\win.ini', 'must be relative to rootPath', 'is a Windows absolute path'],
      ['.', 'must name a file below rootPath', 'is the root itself'],
      ['escape/secret.txt', 'resolves outside rootPath through a symbolic link', 'goes through a symlinked directory'],
      ['escape/new/file.txt', 'resolves outside rootPath through a symbolic link', 'would create directories through a symlink'],
      ['secret-link.txt', 'resolves outside rootPath through a symbolic link', 'is a symlink to a file outside'],
      ['dangling.txt', 'is a symbolic link that leads nowhere', 'is a dangling symlink'],
      ['a\0b', 'contains a NUL character', 'holds a NUL'],
    ];

    it.each(['create', 'get', 'delete'])('%s refuses every escaping fileName and touches nothing', async (operation) => {
      const before = tree();
      for (const [fileName, why] of cases) {
        expect(await requestError(call(operation, { fileName }, 'pwned!'))).toBe(`fileName "${fileName}" ${why}`);
      }
      expect(tree()).toEqual(before);
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    });

    it('list refuses names that climb out', async () => {
      expect(await requestError(call('list', { fileName: '../outside' }))).toBe('fileName "../outside" resolves outside rootPath');
    });

    it('accepts a name whose .. stays inside the root', async () => {
      await call('create', { fileName: 'a/../b.txt' }, 'x y');
      expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('x y');
    });
  });

  describe('.invoke()', () => {
    it('refuses an unsupported operation', async () => {
      expect(await requestError(call('exec'))).toBe('operation "exec" is not supported; supported operations: create, get, list, delete');
    });
  });
});
