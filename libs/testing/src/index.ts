export { freePort } from './free-port';
export { DaprdProcess, DaprdMain } from './daprd-process';
export type { DaprdProcessOptions } from './daprd-process';
export { tempDirWith, tempDir } from './resources';
