/**
 * Duration parsing in the forms Dapr accepts. Mirrors dapr kit time/time.go:
 * Go durations (`1h2m3.5s`, `300ms`, `-1.5h`), ISO 8601 durations (`PT2S`, `P1DT2H`, lower-case too),
 * and bare integers as seconds where a caller allows it.
 */
const goUnits: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration string into milliseconds; throws on anything else. */
export function parseGoDuration(text: string): number {
  const input = text.trim();
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(input);
  if (input === '0') return 0;
  if (!match) throw new Error(`invalid duration "${text}"`);
  const sign = match[1] === '-' ? -1 : 1;
  let total = 0;
  for (const part of input.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (goUnits[part[2] ?? 's'] ?? 0);
  }
  return sign * total;
}

/** Parses an ISO 8601 duration (`P[n]Y[n]M[n]W[n]DT[n]H[n]M[n]S`, case-insensitive) into milliseconds. */
export function parseIsoDuration(text: string): number {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
    text.trim(),
  );
  if (!m || /^P(T)?$/i.test(text.trim())) throw new Error(`invalid ISO 8601 duration "${text}"`);
  const n = (i: number): number => Number(m[i] ?? 0);
  const days = n(1) * 365 + n(2) * 30 + n(3) * 7 + n(4);
  return ((days * 24 + n(5)) * 60 + n(6)) * 60_000 + n(7) * 1000;
}

/** Accepts a Go duration or an ISO 8601 duration; returns milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^p/i.test(trimmed)) return parseIsoDuration(trimmed);
  return parseGoDuration(trimmed);
}

/** Formats milliseconds as a Go duration string (`1h2m3s`, `500ms`, `0s`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
