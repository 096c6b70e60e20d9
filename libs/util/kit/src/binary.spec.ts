import { EventEmitter } from 'node:events';
import { runBinary, shutdownSignal, type Binary, type BinaryProcess, type CommandLine } from './binary';
import { FlagError } from './flags';

/** A process whose output and exit code the test reads. */
function fakeProcess(argv: string[]): BinaryProcess & { out: string; err: string; codes: number[]; exited: Promise<number> } {
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));
  const proc = {
    argv: ['node', 'main.js', ...argv],
    env: { NAME: 'from-env' },
    out: '',
    err: '',
    codes: [] as number[],
    exited,
    stdout: { write: (text: string) => (proc.out += text) },
    stderr: { write: (text: string) => (proc.err += text) },
    exit: (code: number) => {
      proc.codes.push(code);
      onExit(code);
    },
  };
  return proc;
}

function binary(overrides: Partial<Binary<string>> = {}): Binary<string> & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    version: '1.16.0',
    parse: (argv, env): CommandLine<string> => {
      if (argv[0] === '--help') return { kind: 'help', text: 'Usage of bin:\n' };
      if (argv[0] === '--version') return { kind: 'version' };
      if (argv[0] === '--bad') throw new FlagError('unknown flag: --bad');
      return { kind: 'run', options: `${argv.join(' ')}|${env['NAME']}` };
    },
    run: async (options) => {
      ran.push(options);
      return options.startsWith('fail') ? 1 : 0;
    },
    ...overrides,
  };
}

describe('runBinary()', () => {
  it('runs with the parsed options and exits with the code run resolves', async () => {
    const proc = fakeProcess(['fail', 'now']);
    const bin = binary();
    runBinary(bin, proc);
    expect(await proc.exited).toBe(1);
    expect([bin.ran, proc.out, proc.err]).toEqual([['fail now|from-env'], '', '']);
  });

  it('prints the usage for --help and the version for --version, without running or exiting', () => {
    const [help, version] = [fakeProcess(['--help']), fakeProcess(['--version'])];
    const bin = binary();
    runBinary(bin, help);
    runBinary(bin, version);
    expect([help.out, version.out, help.codes, version.codes, bin.ran]).toEqual(['Usage of bin:\n', '1.16.0\n', [], [], []]);
  });

  it('prints a bad command line on stderr, with the usage hint, and exits 1', () => {
    const [plain, hinted] = [fakeProcess(['--bad']), fakeProcess(['--bad'])];
    runBinary(binary(), plain);
    runBinary(binary({ usageHint: "Run 'bin --help' for the list of flags." }), hinted);
    expect([plain.err, plain.codes]).toEqual(['unknown flag: --bad\n', [1]]);
    expect([hinted.err, hinted.codes]).toEqual(["unknown flag: --bad\nRun 'bin --help' for the list of flags.\n", [1]]);
  });

  it('rethrows an error that is not a FlagError', () => {
    const proc = fakeProcess([]);
    const broken = binary({
      parse: () => {
        throw new TypeError('bug');
      },
    });
    expect(() => runBinary(broken, proc)).toThrow(new TypeError('bug'));
    expect(proc.codes).toEqual([]);
  });
});

describe('shutdownSignal()', () => {
  function source(): EventEmitter & { exit: (code: number) => void; codes: number[] } {
    const emitter = Object.assign(new EventEmitter(), { codes: [] as number[], exit: (code: number) => void emitter.codes.push(code) });
    return emitter;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('aborts on the first %s, logging it', (name) => {
    const lines: string[] = [];
    const events = source();
    const signal = shutdownSignal({ info: (line) => void lines.push(line) }, events);
    expect(signal.aborted).toBe(false);
    events.emit(name, name);
    expect([signal.aborted, lines, events.codes]).toEqual([true, [`Received signal '${name}'; beginning shutdown`], []]);
  });

  it('exits 1 on the second signal', () => {
    const lines: string[] = [];
    const events = source();
    shutdownSignal({ info: (line) => void lines.push(line) }, events);
    events.emit('SIGTERM', 'SIGTERM');
    events.emit('SIGINT', 'SIGINT');
    expect([lines.length, events.codes]).toEqual([1, [1]]);
  });
});
