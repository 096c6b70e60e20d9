import { FlagError } from './flags';

/** What a binary's `parseOptions` returns: options to run with, or a request for its version or usage. */
export type CommandLine<O> = { kind: 'run'; options: O } | { kind: 'version' } | { kind: 'help'; text: string };

/** The process a binary runs in; `process` by default, a fake in tests. */
export interface BinaryProcess {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  exit(code: number): void;
}

/** One Dapr binary, as {@link runBinary} drives it. */
export interface Binary<O> {
  /** Parses the arguments after the script and the environment; throws FlagError on a bad command line. */
  parse(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine<O>;
  /** Printed for `--version`. */
  version: string;
  /** A line printed after a FlagError's message, e.g. where to find the flags. */
  usageHint?: string;
  /** Runs the binary with its options (creating its root logger first); resolves with the exit code. */
  run(options: O): Promise<number>;
}

/**
 * The `main()` of a binary: parses the command line, answers `--help` and `--version`, prints a
 * bad command line as one line on stderr and exits 1, else runs the binary and exits with its
 * code. Mirrors dapr cmd/<binary>/main.go, which does the same around options.New and app.Run.
 */
export function runBinary<O>(binary: Binary<O>, proc: BinaryProcess = process): void {
  let parsed: CommandLine<O>;
  try {
    parsed = binary.parse(proc.argv.slice(2), proc.env);
  } catch (err) {
    if (!(err instanceof FlagError)) throw err;
    proc.stderr.write(`${err.message}\n${binary.usageHint === undefined ? '' : `${binary.usageHint}\n`}`);
    proc.exit(1);
    return;
  }
  if (parsed.kind === 'help') {
    proc.stdout.write(parsed.text);
    return;
  }
  if (parsed.kind === 'version') {
    proc.stdout.write(`${binary.version}\n`);
    return;
  }
  void binary.run(parsed.options).then((code) => proc.exit(code));
}

/** Where {@link shutdownSignal} listens; `process` by default. */
export interface SignalSource {
  on(event: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

/**
 * The root signal of a binary: the first SIGTERM or SIGINT aborts it, logging
 * `Received signal '<name>'; beginning shutdown`; a second one exits at once with code 1, for
 * when the graceful shutdown hangs. Mirrors dapr kit signals.Context.
 */
export function shutdownSignal(logger: { info(message: string): void }, source: SignalSource = process): AbortSignal {
  const root = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (root.signal.aborted) {
      source.exit(1);
      return;
    }
    logger.info(`Received signal '${signal}'; beginning shutdown`);
    root.abort();
  };
  source.on('SIGTERM', onSignal);
  source.on('SIGINT', onSignal);
  return root.signal;
}
