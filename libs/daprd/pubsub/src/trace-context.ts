import { randomUUID } from 'node:crypto';

/** W3C trace context carried into the envelope (`traceparent`, `tracestate`). */
export interface TraceContext {
  traceparent: string;
  tracestate: string;
}

const TraceparentPattern = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The caller's trace context when it sent a valid one, else a fresh unsampled one (Dapr always stamps one). */
export function traceContextFrom(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  if (traceparent && TraceparentPattern.test(traceparent.trim())) return { traceparent: traceparent.trim(), tracestate: tracestate ?? '' };
  // randomUUID draws from a pooled random buffer: far cheaper per call than randomBytes().
  const ids = randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '');
  return { traceparent: `00-${ids.slice(0, 32)}-${ids.slice(32, 48)}-00`, tracestate: '' };
}
