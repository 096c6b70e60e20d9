export { GrpcCode, httpStatusFromGrpcCode } from './grpc-code';
export { ErrorCode } from './error-codes';
export { DaprApiError, isDaprApiError, messageOf } from './dapr-api-error';
export type { DaprApiErrorInit, ErrorDetail, ErrorInfoDetail, ResourceInfoDetail } from './dapr-api-error';
export { commonErrors } from './common-errors';
export { stateErrors } from './state-errors';
export { secretErrors } from './secret-errors';
export { invocationErrors } from './invocation-errors';
