import type { GrpcCode } from './grpc-code';

/** google.rpc.ErrorInfo as Dapr serialises it in JSON error bodies. */
export interface ErrorInfoDetail {
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo';
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}

/** google.rpc.ResourceInfo, added where an error concerns one named resource. */
export interface ResourceInfoDetail {
  '@type': 'type.googleapis.com/google.rpc.ResourceInfo';
  resource_type: string;
  resource_name: string;
  owner?: string;
  description?: string;
}

export type ErrorDetail = ErrorInfoDetail | ResourceInfoDetail;

const brand: unique symbol = Symbol.for('dapr-ts.DaprApiError');

export interface DaprApiErrorInit {
  httpStatus: number;
  grpcCode: GrpcCode;
  errorCode: string;
  message: string;
  /** The ErrorInfo reason, e.g. `DAPR_STATE_NOT_FOUND`; the ErrorInfo detail is always present. */
  reason: string;
  metadata?: Record<string, string>;
  resource?: { type: string; name: string };
  cause?: unknown;
}

/**
 * The one error type the API layer answers with. Each transport has one funnel that turns it
 * into a response: HTTP `{errorCode, message, details}`, gRPC status + `grpc-status-details-bin`.
 */
export class DaprApiError extends Error {
  readonly [brand] = true;
  override readonly name = 'DaprApiError';
  readonly httpStatus: number;
  readonly grpcCode: GrpcCode;
  readonly errorCode: string;
  readonly details: readonly ErrorDetail[];

  constructor(init: DaprApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.httpStatus = init.httpStatus;
    this.grpcCode = init.grpcCode;
    this.errorCode = init.errorCode;
    const details: ErrorDetail[] = [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: init.reason, domain: 'dapr.io', ...(init.metadata ? { metadata: init.metadata } : {}) },
    ];
    if (init.resource) {
      details.push({ '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resource_type: init.resource.type, resource_name: init.resource.name, owner: '', description: init.message });
    }
    this.details = details;
  }

  /** The JSON body Dapr's HTTP API returns. */
  toJSON(): { errorCode: string; message: string; details: readonly ErrorDetail[] } {
    return { errorCode: this.errorCode, message: this.message, details: this.details };
  }
}

/** Brand check that survives module duplication (jest, bundling), unlike `instanceof`. */
export function isDaprApiError(value: unknown): value is DaprApiError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}

/** Error message of an unknown thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
