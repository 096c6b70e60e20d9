import type { CommandLine } from '@dapr-ts/kit';

/** The options of a parsed command line that runs the binary; throws naming what it asked for instead (help, version). */
export function optionsOf<O>(parsed: CommandLine<O>): O {
  if (parsed.kind !== 'run') throw new Error(`expected options to run with, got ${parsed.kind}`);
  return parsed.options;
}
