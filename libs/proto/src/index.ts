/**
 * Dapr's wire types, generated from proto/ by `nx run proto:generate` (buf + ts-proto, grpc-js
 * services). Each proto package is one namespace: `runtimeV1.SaveStateRequest`, `internalsV1.ServiceInvocationService`.
 */
import * as commonV1 from './gen/commonV1';
import * as runtimeV1 from './gen/runtimeV1';
import * as internalsV1 from './gen/internalsV1';
import * as placementV1 from './gen/placementV1';
import * as googleRpc from './gen/googleRpc';
import * as googleProtobuf from './gen/googleProtobuf';

export { commonV1, runtimeV1, internalsV1, placementV1, googleRpc, googleProtobuf };
