import { createHash } from 'node:crypto';
/** Murmur3's finaliser: every input bit affects every output bit (unsigned 32-bit result). */
export function murmurFinalize(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** sha1 of a string, hex. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
