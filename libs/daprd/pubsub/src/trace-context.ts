import { randomBytes } from 'node:crypto';

/** W3C trace context carried into the envelope (`traceparent`, `tracestate`). */
export interface TraceContext {
  traceparent: string;
  tracestate: string;
}

const TraceparentPattern = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The caller's trace context when it sent a valid one, else a fresh unsampled one (Dapr always stamps one). */
export function traceContextFrom(traceparent: string | undefined, tracestate: string | undefined): TraceContext {
  if (traceparent && TraceparentPattern.test(traceparent.trim())) return { traceparent: traceparent.trim(), tracestate: tracestate ?? '' };
  return { traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`, tracestate: '' };
}
