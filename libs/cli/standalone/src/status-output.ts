/** The leading symbols of the Go CLI's status lines. */
export const StatusSymbol = {
  Success: '✅',
  Failure: '❌',
  Warning: '⚠',
  Pending: '⌛',
  Info: 'ℹ️',
} as const;
export type StatusSymbol = (typeof StatusSymbol)[keyof typeof StatusSymbol];

/** Something text can be written to (a process stream, or a buffer in tests). */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * The CLI's user-facing output: one status line per event, like the Go CLI (`✅  Success!`).
 * Failures go to stderr so scripts can capture data on stdout.
 */
export class StatusOutput {
  private readonly out: TextSink;
  private readonly err: TextSink;

  constructor(out: TextSink, err: TextSink) {
    this.out = out;
    this.err = err;
  }

  success(message: string): void {
    this.out.write(statusLine(StatusSymbol.Success, message));
  }

  info(message: string): void {
    this.out.write(statusLine(StatusSymbol.Info, message));
  }

  pending(message: string): void {
    this.out.write(statusLine(StatusSymbol.Pending, message));
  }

  warn(message: string): void {
    this.err.write(statusLine(StatusSymbol.Warning, message));
  }

  failure(message: string): void {
    this.err.write(statusLine(StatusSymbol.Failure, message));
  }

  /** Plain text on stdout (command results such as a response body or a table). */
  raw(text: string): void {
    this.out.write(text);
  }
}

/** `<symbol>  <message>\n`: two spaces, as the Go CLI prints them. */
export function statusLine(symbol: StatusSymbol, message: string): string {
  return `${symbol}  ${message}\n`;
}
