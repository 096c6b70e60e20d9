import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BindingOperation } from '@dapr-ts/components-bindings';
import { runBindingConformance } from '@dapr-ts/conformance';
import { LocalStorageBinding } from './localstorage-binding';

const root = mkdtempSync(join(tmpdir(), 'localstorage-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

runBindingConformance({
  name: 'bindings.localstorage',
  create: () => new LocalStorageBinding(),
  metadata: { rootPath: root },
  operations: ['create', 'get', 'list', 'delete'],
  config: {
    request: async (operation, key) => {
      // get and delete need the file to exist already.
      if (operation === BindingOperation.Get || operation === BindingOperation.Delete) writeFileSync(join(root, key), 'seeded');
      return { data: operation === BindingOperation.Create ? 'hello' : '', metadata: { fileName: key } };
    },
  },
});
