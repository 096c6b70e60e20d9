import { createHash } from 'node:crypto';

/**
 * The 64-bit key Dapr places on its rings: the first 8 bytes of BLAKE2b-512(text), read
 * little-endian. Sidecars built by Dapr and by us must agree on it bit for bit, or two sidecars
 * would route one actor id to different hosts.
 */
export function ringHash(text: string): bigint {
  return createHash('blake2b512').update(text).digest().readBigUInt64LE(0);
}
