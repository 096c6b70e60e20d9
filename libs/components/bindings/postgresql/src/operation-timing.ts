import { formatGoDuration } from '@dapr-ts/kit';

/** Response metadata keys Dapr's bindings.postgresql sets on every answer. */
export const TimingKey = { StartTime: 'start-time', EndTime: 'end-time', Duration: 'duration' } as const;

/** Measures one operation and reports it as Dapr does: RFC 3339 times (UTC) and a Go duration. */
export class OperationTiming {
  private readonly started = new Date();
  private readonly startNs = process.hrtime.bigint();

  /** `start-time`, `end-time` and `duration`, measured up to now. */
  finish(): Record<string, string> {
    const elapsedNs = process.hrtime.bigint() - this.startNs;
    const ended = new Date();
    return { [TimingKey.StartTime]: rfc3339(this.started), [TimingKey.EndTime]: rfc3339(ended), [TimingKey.Duration]: goDurationOfNanos(elapsedNs) };
  }
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.?0*Z$/, 'Z');
}

/** A Go duration string with nanosecond precision below one second (`1.234567ms`, `850µs`). */
export function goDurationOfNanos(ns: bigint): string {
  if (ns >= 1_000_000_000n) return formatGoDuration(Number(ns / 1_000_000n));
  if (ns >= 1_000_000n) return `${trimmed(ns, 1_000_000n)}ms`;
  if (ns >= 1_000n) return `${trimmed(ns, 1_000n)}µs`;
  return `${ns}ns`;
}

function trimmed(ns: bigint, unit: bigint): string {
  const whole = ns / unit;
  const fraction = (ns % unit).toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}
