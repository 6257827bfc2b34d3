/**
 * Near-duplicate grouping: the same wire story run by two outlets, lightly edited, shares one groupId.
 *
 * Each body becomes a set of word 3-shingles, summarised by a 64-slot MinHash signature computed with one hash
 * per shingle (one-permutation hashing, empty slots filled from their neighbours). Locality-sensitive hashing
 * over 21 bands of 3 slots proposes candidate pairs; a pair is grouped when its signatures agree on at least
 * SAME_STORY_AGREEMENT of the slots (an estimate of the shingle sets' Jaccard similarity) and the names and
 * numbers the two bodies state overlap by SAME_FACTS_OVERLAP. Stories on the same topic share names but few
 * three-word runs; templated notices share wording but not names and numbers: both stay apart. Cost is linear
 * in the corpus (200,000 articles: 3 to 5 s on 2 cores).
 */
import { murmurFinalize } from '../util/hash.ts';
import type { Article } from './types.ts';

const SLOTS = 64;
const ROWS_PER_BAND = 3;
const BANDS = Math.floor(SLOTS / ROWS_PER_BAND);
/** Estimated Jaccard similarity of 3-shingle sets above which two bodies are one story. */
export const SAME_STORY_AGREEMENT = 0.5;
/** Below this many words a body is too short to compare by shingles: only exact repeats are grouped. */
const MIN_WORDS = 8;
/** Jaccard similarity of the names and numbers two bodies state, above which their shared wording is one story. */
export const SAME_FACTS_OVERLAP = 0.5;
/** Below this many words the title joins the body in the signature. */
const SHORT_BODY_WORDS = 50;
/** Room for article indices when packing (band hash, index) into one exact double (32 + 21 bits) for sorting. */
const INDEX_RANGE = 2 ** 21;

export function groupNearDuplicates(articles: Article[]): void {
  const parent = Int32Array.from(articles, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  // The group's representative is always its earliest article, so groupId follows input order.
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const sketches = articles.map((a) => sketch(a.title, a.body));
  groupExactRepeats(articles, union);
  forEachCandidatePair(sketches, (first, other) => {
    if (find(first) === find(other)) return;
    const [a, b] = [sketches[first]!, sketches[other]!];
    if (agreement(a.slots, b.slots) >= SAME_STORY_AGREEMENT && overlap(a.facts, b.facts) >= SAME_FACTS_OVERLAP)
      union(first, other);
  });
  for (let i = 0; i < articles.length; i++) articles[i].groupId = articles[find(i)].id;
}

/** Sorted distinct values of the first count entries of buffer (sorted in place), as a new array. */
function sortedDistinct(buffer: Uint32Array, count: number): Uint32Array {
  const values = buffer.subarray(0, count).sort();
  let distinct = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) values[distinct++] = values[i];
  return values.slice(0, distinct);
}

/** Jaccard similarity of two sorted distinct lists (1 when both are empty: nothing contradicts the wording). */
function overlap(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Identical title and body are one story however short. */
function groupExactRepeats(articles: Article[], union: (a: number, b: number) => void): void {
  const firstByHash = new Map<string, number>();
  articles.forEach((article, i) => {
    const first = firstByHash.get(article.contentHash);
    if (first === undefined) firstByHash.set(article.contentHash, i);
    else union(first, i);
  });
}

/** Reused across calls: word hashes of the text being sketched, and those of its names and numbers. */
let tokenBuffer: Uint32Array = new Uint32Array(4096);
let factBuffer: Uint32Array = new Uint32Array(1024);
let factCount = 0;
const filledSlots = new Uint8Array(SLOTS);

/**
 * Hashes of the lower-cased words of text, appended to tokenBuffer from index start; returns the new length.
 * Words written with a capital or a digit first (names, numbers) also go to factBuffer when keepFacts is set.
 * A hand-written scanner: on 200,000 articles it is several times faster than a Unicode regex and split.
 */
function hashWords(text: string, start: number, keepFacts: boolean): number {
  let count = start;
  let h = 0x811c9dc5;
  let inWord = false;
  let isFact = false;
  for (let i = 0; i <= text.length; i++) {
    const raw = i < text.length ? text.charCodeAt(i) : 32;
    const c = lowerCase(raw);
    if (isWordChar(c)) {
      if (!inWord) isFact = c !== raw || (c >= 48 && c <= 57);
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      if (count === tokenBuffer.length) tokenBuffer = growBuffer(tokenBuffer);
      tokenBuffer[count++] = murmurFinalize(h);
      if (keepFacts && isFact) {
        if (factCount === factBuffer.length) factBuffer = growBuffer(factBuffer);
        factBuffer[factCount++] = tokenBuffer[count - 1];
      }
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  return count;
}

function growBuffer(buffer: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

/** Lower case for ASCII and Latin-1 letters, enough to compare news text (other scripts compare as written). */
function lowerCase(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  return c;
}

/** Letters and digits: ASCII exactly; beyond it, anything but spaces, punctuation and symbols blocks. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  if (c <= 0xbf) return false; // Latin-1 punctuation, symbols and no-break space
  if (c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false; // general punctuation, currency, arrows, dingbats
  if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
  return c !== 0xfeff;
}

interface Sketch {
  /** MinHash of the word 3-shingles. */
  slots: Uint32Array;
  /** The names and numbers stated (sorted distinct hashes): templated notices ("X Corp sets quarterly dividend
   * of 15 cts, pay April 1") share most of their wording but not these; one story from two outlets shares them. */
  facts: Uint32Array;
}

/**
 * A body's sketch, or null when it is too short to compare. A short body (a templated notice: "Qtly div 15 cts
 * vs 15 cts prior") says too little alone, so its title joins the shingles.
 */
function sketch(title: string, body: string): Sketch | null {
  factCount = 0;
  const bodyWords = hashWords(body, 0, true);
  if (bodyWords < MIN_WORDS) return null;
  const count = bodyWords < SHORT_BODY_WORDS ? hashWords(title, bodyWords, false) : bodyWords;
  const slots = new Uint32Array(SLOTS).fill(0xffffffff);
  const filled = filledSlots.fill(0);
  for (let i = 0; i + 2 < count; i++) {
    const h = murmurFinalize(
      Math.imul(tokenBuffer[i], 0x9e3779b1) ^ Math.imul(tokenBuffer[i + 1], 0x85ebca77) ^ tokenBuffer[i + 2],
    );
    const slot = h >>> 26; // top 6 bits choose one of 64 slots
    const value = h & 0x03ffffff;
    if (value < slots[slot]) slots[slot] = value;
    filled[slot] = 1;
  }
  densify(slots, filled);
  return { slots, facts: sortedDistinct(factBuffer, factCount) };
}

/** Empty slots borrow the next filled slot's value (rotation densification), salted by distance. */
function densify(slots: Uint32Array, filled: Uint8Array): void {
  for (let i = 0; i < SLOTS; i++) {
    if (filled[i]) continue;
    for (let d = 1; d < SLOTS; d++) {
      const j = (i + d) % SLOTS;
      if (filled[j]) {
        slots[i] = (slots[j] + d * 0x04000000) >>> 0;
        break;
      }
    }
  }
}

function agreement(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SLOTS; i++) if (a[i] === b[i]) same++;
  return same / SLOTS;
}

/**
 * Calls visit(first, other) for the articles whose signatures are equal on all rows of some band, pairing each
 * with the earliest article of its bucket. Sorting packed (band hash, index) doubles per band keeps this fast
 * and light for hundreds of thousands of articles: no per-bucket objects at all.
 */
function forEachCandidatePair(sketches: (Sketch | null)[], visit: (first: number, other: number) => void): void {
  const n = sketches.length;
  if (n > INDEX_RANGE) throw new Error(`groupNearDuplicates handles at most ${INDEX_RANGE} articles`);
  const keys = new Float64Array(n);
  for (let band = 0; band < BANDS; band++) {
    let count = 0;
    for (let i = 0; i < n; i++) {
      const sig = sketches[i]?.slots;
      if (!sig) continue;
      let h = band * 0x27d4eb2d;
      for (let r = 0; r < ROWS_PER_BAND; r++) h = murmurFinalize(h ^ sig[band * ROWS_PER_BAND + r]);
      keys[count++] = h * INDEX_RANGE + i;
    }
    const sorted = keys.subarray(0, count).sort();
    let bucketHash = -1;
    let first = -1;
    for (let k = 0; k < count; k++) {
      const hash = Math.floor(sorted[k] / INDEX_RANGE);
      const index = sorted[k] - hash * INDEX_RANGE;
      if (hash === bucketHash) visit(first, index);
      else {
        bucketHash = hash;
        first = index;
      }
    }
  }
}
