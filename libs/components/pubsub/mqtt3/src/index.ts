export { Mqtt3PubSub } from './mqtt3-pubsub';
export type { Mqtt3PubSubOptions } from './mqtt3-pubsub';
export { parseMqtt3PubSubMetadata } from './mqtt3-pubsub-metadata';
export type { Mqtt3PubSubMetadata, MqttQos } from './mqtt3-pubsub-metadata';
export { subscriptionClientId } from './client-ids';
