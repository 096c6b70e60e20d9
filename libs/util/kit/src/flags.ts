/**
 * A Go-`flag`-compatible command line parser, as Dapr binaries use: `--name value`, `--name=value`,
 * single-dash forms (`-name value`), booleans without a value (`--name`, `--name=false`), and
 * repeatable string lists that also split on commas. Pure: no process access.
 */
export type FlagType = 'string' | 'int' | 'bool' | 'list';

export interface FlagSpec {
  type: FlagType;
  /** Shown in `--help`; hidden flags are accepted but not listed. */
  usage: string;
  aliases?: readonly string[];
  hidden?: boolean;
}

export type FlagValues = Record<string, string | number | boolean | string[] | undefined>;

/** A flag is unknown, lacks a value or has a bad one. The message is one line for the user. */
export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export interface ParsedFlags {
  /** Values of flags given on the command line, keyed by canonical name. */
  values: FlagValues;
  /** Arguments after `--` or the first non-flag argument. */
  rest: string[];
}

export function parseFlags(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const byName = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    byName.set(name, name);
    for (const alias of spec.aliases ?? []) byName.set(alias, name);
  }
  const values: FlagValues = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const given = eq >= 0 ? body.slice(0, eq) : body;
    const canonical = byName.get(given);
    if (!canonical) throw new FlagError(`unknown flag: ${arg.split('=')[0]}`);
    const spec = specs[canonical] as FlagSpec;
    let raw: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (spec.type === 'bool') {
      if (raw === undefined) {
        values[canonical] = true;
        continue;
      }
      if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(raw)) throw new FlagError(`invalid value "${raw}" for flag --${given}: must be true or false`);
      values[canonical] = /^(true|1|t)$/i.test(raw);
      continue;
    }
    if (raw === undefined) {
      raw = argv[++i];
      if (raw === undefined) throw new FlagError(`flag needs an argument: --${given}`);
    }
    if (spec.type === 'int') {
      if (!/^[-+]?\d+$/.test(raw.trim())) throw new FlagError(`invalid value "${raw}" for flag --${given}: must be an integer`);
      values[canonical] = Number(raw);
    } else if (spec.type === 'list') {
      const list = (values[canonical] as string[] | undefined) ?? [];
      list.push(...raw.split(',').map((s) => s.trim()).filter((s) => s !== ''));
      values[canonical] = list;
    } else {
      values[canonical] = raw;
    }
  }
  return { values, rest: argv.slice(i) };
}

/** Usage text listing the visible flags. */
export function formatUsage(binary: string, specs: Readonly<Record<string, FlagSpec>>): string {
  const lines = Object.entries(specs)
    .filter(([, s]) => !s.hidden)
    .map(([name, s]) => `  --${name}${s.type === 'bool' ? '' : ` ${s.type}`}\n        ${s.usage}`);
  return `Usage of ${binary}:\n${lines.join('\n')}\n`;
}
