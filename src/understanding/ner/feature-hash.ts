/**
 * Feature hashing without building strings per token: each distinct word is hashed once (FNV-1a with a
 * murmur finaliser), and a feature is a template id mixed with up to three such integers.
 */
import { murmurFinalize } from '../../util/hash.ts';

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

function fold(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

export { seededRandom } from '../../util/random.ts';

/** A 32-bit hash of a string, used as a word's identity inside combined features. */
export function stringHash(s: string): number {
  return murmurFinalize(fold(FNV_OFFSET, s));
}

function step(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Feature hash of a template id and up to three integer parts (murmur3-style mixing: no strings built per token). */
export function combine(template: number, a: number, b = 0, c = 0): number {
  return murmurFinalize(step(step(step(Math.imul(template + 1, 0x9e3779b1), a), b), c));
}
