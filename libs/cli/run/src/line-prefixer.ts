import type { TextSink } from '@dapr-ts/cli-standalone';

/**
 * Writes a child's output line by line with a prefix (`== APP == `). Partial lines wait for their
 * end, so chunks split mid-line never interleave with another process's output.
 */
export class LinePrefixer {
  private pending = '';
  private readonly prefix: string;
  private readonly sink: TextSink;

  constructor(prefix: string, sink: TextSink) {
    this.prefix = prefix;
    this.sink = sink;
  }

  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.sink.write(`${this.prefix}${line.replace(/\r$/, '')}\n`);
  }

  /** Writes a last line that had no newline. */
  flush(): void {
    if (this.pending !== '') this.sink.write(`${this.prefix}${this.pending}\n`);
    this.pending = '';
  }
}
