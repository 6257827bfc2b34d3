/**
 * Feature hashing without building strings: a feature is a template id plus one or two strings,
 * folded into a 32-bit hash (FNV-1a, then a murmur finaliser so the low bits spread well).
 */
const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

function fold(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash1(template: number, a: string): number {
  return finish(fold(Math.imul(FNV_OFFSET ^ template, FNV_PRIME), a));
}

export function hash2(template: number, a: string, b: string): number {
  // 0x1f separates the parts so ("ab","c") and ("a","bc") differ.
  return finish(fold(Math.imul(fold(Math.imul(FNV_OFFSET ^ template, FNV_PRIME), a) ^ 0x1f, FNV_PRIME), b));
}

export function hash3(template: number, a: string, b: string, c: string): number {
  let h = fold(Math.imul(FNV_OFFSET ^ template, FNV_PRIME), a);
  h = fold(Math.imul(h ^ 0x1f, FNV_PRIME), b);
  return finish(fold(Math.imul(h ^ 0x1f, FNV_PRIME), c));
}

/** Seeded, deterministic pseudo-random numbers (mulberry32) for reproducible training. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
