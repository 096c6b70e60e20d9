import { CliError } from '@dapr-ts/cli-standalone';

/**
 * Parses a `.env` file: `KEY=value` lines, `#` comments, optional `export `, single or double
 * quotes (double quotes understand `\n`). Errors name the file and line.
 */
export function parseEnvFile(text: string, fileName: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new CliError(`${fileName}:${index + 1}: expected KEY=value`);
    const key = match[1] as string;
    let value = match[2] as string;
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    env[key] = value;
  });
  return env;
}
