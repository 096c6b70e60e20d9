import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, listSidecars, readRegistry } from './sidecar-registry';

const signal = new AbortController().signal;
// A pid far above Linux's default pid_max, so no process has it.
const DeadPid = 2 ** 30;

describe('sidecar registry', () => {
  let dir: string;
  const entry = (appId: string, pid: number, startedAt: string): string =>
    JSON.stringify({ appId, namespace: 'default', host: '10.0.0.1', internalPort: 5, httpPort: 1, grpcPort: 2, pid, startedAt });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-reg-'));
  });

  describe('.readRegistry()', () => {
    it('returns live sidecars oldest first and skips dead pids and foreign files', async () => {
      writeFileSync(join(dir, 'default.b.1.json'), entry('b', process.pid, '2026-01-02T00:00:00Z'));
      writeFileSync(join(dir, 'default.a.2.json'), entry('a', process.pid, '2026-01-01T00:00:00Z'));
      writeFileSync(join(dir, 'default.dead.3.json'), entry('dead', DeadPid, '2026-01-01T00:00:00Z'));
      writeFileSync(join(dir, 'junk.json'), '{not json');
      writeFileSync(join(dir, 'notes.txt'), 'x');
      expect((await readRegistry(dir, signal)).map((s) => s.appId)).toEqual(['a', 'b']);
    });

    it('returns [] when the folder does not exist', async () => {
      await expect(readRegistry(join(dir, 'missing'), signal)).resolves.toEqual([]);
    });
  });

  describe('.listSidecars()', () => {
    it('returns empty CLI details when the sidecar does not answer its metadata API', async () => {
      writeFileSync(join(dir, 'default.a.2.json'), entry('a', process.pid, '2026-01-01T00:00:00Z'));
      const [info] = await listSidecars(dir, signal);
      expect(info).toMatchObject({ appId: 'a', appCommand: '', appPid: undefined, cliPid: undefined, runTemplatePath: '', runTemplateName: '' });
    });
  });

  describe('.isProcessAlive()', () => {
    it('returns true for this process and false for an unused pid', () => {
      expect(isProcessAlive(process.pid)).toBe(true);
      expect(isProcessAlive(DeadPid)).toBe(false);
    });
  });
});
