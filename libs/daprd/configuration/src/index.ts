export { ConfigurationApi } from './configuration-api';
export type { ConfigurationApiOptions } from './configuration-api';
export type { ConfigurationSink } from './configuration-sink';
export { appConfigurationSink } from './app-configuration-sink';
export type { AppConfigurationSinkOptions } from './app-configuration-sink';
export { configurationItemsJson } from './configuration-json';
export type { ConfigurationItemJson } from './configuration-json';
export type { ConfigurationStoreLookup } from './configuration-store-lookup';
export type { GetConfigurationMessage, SubscribeConfigurationMessage, UnsubscribeConfigurationMessage, UnsubscribeConfigurationResult } from './configuration-types';
