export { parseDuration, parseGoDuration, parseIsoDuration, formatGoDuration } from './duration';
export { parseByteSize } from './byte-size';
export { isTruthy } from './truthy';
export { runAll, whenAborted, sleep } from './runner';
export type { Runner } from './runner';
export { envString } from './env';
export { parseFlags, formatUsage, FlagError } from './flags';
export type { FlagSpec, FlagType, FlagValues, ParsedFlags } from './flags';
export { InFlight } from './in-flight';
