/**
 * The catalogue of Dapr error codes we answer with. Codes are the wire contract
 * (reference dapr-api.md §1.16); keys are PascalCase, values the exact `ERR_*` strings.
 */
export const ErrorCode = {
  // Common: request parsing and generic failures.
  MalformedRequest: 'ERR_MALFORMED_REQUEST',
  MalformedRequestData: 'ERR_MALFORMED_REQUEST_DATA',
  BodyRead: 'ERR_BODY_READ',
  BadRequest: 'ERR_BAD_REQUEST',
  Internal: 'ERR_INTERNAL',
  ApiUnimplemented: 'ERR_API_UNIMPLEMENTED',
  NotFound: 'ERR_NOT_FOUND',
  // Health.
  HealthNotReady: 'ERR_HEALTH_NOT_READY',
  HealthAppIdNotMatch: 'ERR_HEALTH_APPID_NOT_MATCH',
  OutboundHealthNotReady: 'ERR_OUTBOUND_HEALTH_NOT_READY',
  // State.
  StateStoreNotConfigured: 'ERR_STATE_STORE_NOT_CONFIGURED',
  StateStoreNotFound: 'ERR_STATE_STORE_NOT_FOUND',
  StateStoreNotSupported: 'ERR_STATE_STORE_NOT_SUPPORTED',
  StateStoreTooManyTransactions: 'ERR_STATE_STORE_TOO_MANY_TRANSACTIONS',
  StateGet: 'ERR_STATE_GET',
  StateSave: 'ERR_STATE_SAVE',
  StateDelete: 'ERR_STATE_DELETE',
  StateBulkGet: 'ERR_STATE_BULK_GET',
  StateBulkDelete: 'ERR_STATE_BULK_DELETE',
  StateTransaction: 'ERR_STATE_TRANSACTION',
  StateQuery: 'ERR_STATE_QUERY',
  NotSupportedStateOperation: 'ERR_NOT_SUPPORTED_STATE_OPERATION',
  // Secrets.
  SecretStoresNotConfigured: 'ERR_SECRET_STORES_NOT_CONFIGURED',
  SecretStoreNotFound: 'ERR_SECRET_STORE_NOT_FOUND',
  SecretGet: 'ERR_SECRET_GET',
  PermissionDenied: 'ERR_PERMISSION_DENIED',
  // Service invocation.
  DirectInvoke: 'ERR_DIRECT_INVOKE',
  AppChannelNil: 'ERR_APP_CHANNEL_NIL',
  // Pub/sub.
  PubSubEmpty: 'ERR_PUBSUB_EMPTY',
  PubSubNotFound: 'ERR_PUBSUB_NOT_FOUND',
  PubSubNotConfigured: 'ERR_PUBSUB_NOT_CONFIGURED',
  PubSubForbidden: 'ERR_PUBSUB_FORBIDDEN',
  PubSubPublishMessage: 'ERR_PUBSUB_PUBLISH_MESSAGE',
  PubSubRequestMetadata: 'ERR_PUBSUB_REQUEST_METADATA',
  PubSubCloudEventsSer: 'ERR_PUBSUB_CLOUD_EVENTS_SER',
  PubSubEventsSer: 'ERR_PUBSUB_EVENTS_SER',
  TopicNameEmpty: 'ERR_TOPIC_NAME_EMPTY',
  // Bindings.
  InvokeOutputBinding: 'ERR_INVOKE_OUTPUT_BINDING',
  // Metadata.
  MetadataGet: 'ERR_METADATA_GET',
  // Actors.
  ActorInstanceMissing: 'ERR_ACTOR_INSTANCE_MISSING',
  ActorInvokeMethod: 'ERR_ACTOR_INVOKE_METHOD',
  ActorRuntimeNotFound: 'ERR_ACTOR_RUNTIME_NOT_FOUND',
  ActorStateGet: 'ERR_ACTOR_STATE_GET',
  ActorStateTransactionSave: 'ERR_ACTOR_STATE_TRANSACTION_SAVE',
  ActorReminderCreate: 'ERR_ACTOR_REMINDER_CREATE',
  ActorReminderDelete: 'ERR_ACTOR_REMINDER_DELETE',
  ActorReminderGet: 'ERR_ACTOR_REMINDER_GET',
  ActorReminderNonHosted: 'ERR_ACTOR_REMINDER_NON_HOSTED',
  ActorReminderNotFound: 'ERR_ACTOR_REMINDER_NOT_FOUND',
  ActorTimerCreate: 'ERR_ACTOR_TIMER_CREATE',
  ActorTimerDelete: 'ERR_ACTOR_TIMER_DELETE',
  ActorNoAppChannel: 'ERR_ACTOR_NO_APP_CHANNEL',
  ActorStackDepth: 'ERR_ACTOR_STACK_DEPTH',
  ActorNoPlacement: 'ERR_ACTOR_NO_PLACEMENT',
  ActorNoAddress: 'ERR_ACTOR_NO_ADDRESS',
  ActorRuntimeClosed: 'ERR_ACTOR_RUNTIME_CLOSED',
  // Lock.
  LockStoreNotConfigured: 'ERR_LOCK_STORE_NOT_CONFIGURED',
  LockStoreNotFound: 'ERR_LOCK_STORE_NOT_FOUND',
  TryLock: 'ERR_TRY_LOCK',
  Unlock: 'ERR_UNLOCK',
  // Configuration.
  ConfigurationStoreNotConfigured: 'ERR_CONFIGURATION_STORE_NOT_CONFIGURED',
  ConfigurationStoreNotFound: 'ERR_CONFIGURATION_STORE_NOT_FOUND',
  ConfigurationGet: 'ERR_CONFIGURATION_GET',
  ConfigurationSubscribe: 'ERR_CONFIGURATION_SUBSCRIBE',
  ConfigurationUnsubscribe: 'ERR_CONFIGURATION_UNSUBSCRIBE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
