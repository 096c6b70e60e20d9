export { createRootLogger, nopLogger, LogLevels } from './logger';
export type { Logger, LogLevel, LogFields, RootLoggerOptions } from './logger';
