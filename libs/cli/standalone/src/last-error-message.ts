/** The `msg` of the last error line in a Dapr binary's log output (text or JSON format), if any. */
export function lastErrorMessage(output: string): string | undefined {
  let found: string | undefined;
  for (const line of output.split('\n')) {
    const text = /level=(?:error|fatal) msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (text) found = JSON.parse(`"${text[1]}"`) as string;
    else if (/"level":"(?:error|fatal)"/.test(line)) {
      try {
        found = (JSON.parse(line) as { msg?: string }).msg ?? found;
      } catch {
        // not a JSON line
      }
    }
  }
  return found;
}
