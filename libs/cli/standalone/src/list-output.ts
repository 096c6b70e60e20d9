import type { SidecarInfo } from './sidecar-registry';

/** One `dapr list` row; keys are the Go CLI's JSON names, missing numbers are 0 as there. */
export interface ListRow {
  appId: string;
  httpPort: number;
  grpcPort: number;
  appPort: number;
  command: string;
  age: string;
  created: string;
  daprdPid: number;
  cliPid: number;
  appPid: number;
  runTemplatePath: string;
}

/** Age like the Go CLI's: whole days, else hours, else minutes, else seconds (`3d`, `2h`, `5m`, `10s`). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d`;
  if (s >= 3600) return `${Math.floor(s / 3600)}h`;
  if (s >= 60) return `${Math.floor(s / 60)}m`;
  return `${s}s`;
}

/** Local time as `2006-01-02 15:04.05`, the Go CLI's CREATED layout. */
export function formatCreated(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}.${p(date.getSeconds())}`;
}

/** One `dapr list` row for a sidecar, with age measured at `now`. */
export function toListRow(sidecar: SidecarInfo, now: Date): ListRow {
  const started = new Date(sidecar.startedAt);
  const valid = !Number.isNaN(started.getTime());
  return {
    appId: sidecar.appId,
    httpPort: sidecar.httpPort,
    grpcPort: sidecar.grpcPort,
    appPort: sidecar.appPort ?? 0,
    command: sidecar.appCommand,
    age: valid ? formatAge(now.getTime() - started.getTime()) : '',
    created: valid ? formatCreated(started) : '',
    daprdPid: sidecar.pid,
    cliPid: sidecar.cliPid ?? 0,
    appPid: sidecar.appPid ?? 0,
    runTemplatePath: sidecar.runTemplatePath,
  };
}

const Columns: readonly (readonly [string, (r: ListRow) => string])[] = [
  ['APP ID', (r) => r.appId],
  ['HTTP PORT', (r) => String(r.httpPort)],
  ['GRPC PORT', (r) => String(r.grpcPort)],
  ['APP PORT', (r) => String(r.appPort)],
  ['COMMAND', (r) => r.command],
  ['AGE', (r) => r.age],
  ['CREATED', (r) => r.created],
  ['DAPRD PID', (r) => String(r.daprdPid)],
  ['CLI PID', (r) => String(r.cliPid)],
  ['APP PID', (r) => String(r.appPid)],
];

/** Plain space-aligned columns with upper-case headers, as the Go CLI prints tables. */
export function formatListTable(rows: readonly ListRow[]): string {
  const cells = [Columns.map(([header]) => header), ...rows.map((row) => Columns.map(([, cell]) => cell(row)))];
  const widths = Columns.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)));
  return cells.map((line) => line.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd() + '\n').join('');
}
