/**
 * Feature extraction for the tagger: every token gets a list of 32-bit feature hashes over its word,
 * lower-case form, shape, affixes, a ±2 window, the line's casing, training-name gazetteer matches
 * and how the same word is written elsewhere in the document.
 */
import { Gazetteer } from './gazetteer.ts';
import { hash1, hash2, hash3 } from './hash.ts';
import type { LineCase, NormalizedSentence } from './normalize.ts';
import { TYPES } from './tags.ts';
import { isTitleWord, ORGANIZATION_HEADS, PLACE_HEADS } from './titles.ts';

export interface FeatureLexicons {
  gazetteer: Gazetteer;
  lowerWords: Set<string>;
}

/** Hashes of one sentence's features: token i owns hashes[offsets[i] .. offsets[i+1]). */
export interface SentenceFeatures {
  hashes: Uint32Array;
  offsets: Uint32Array;
}

const enum T {
  Bias = 1, Word, Lower, Shape, Prefix, Suffix, PrevLower, NextLower, Prev2Lower, Next2Lower,
  PrevBigram, NextBigram, PrevShape, NextShape, ShapeTrigram, FirstShape, CaseShape, Gaz, GazCap,
  DocLower, DocCap, CommonWord, PrevLowerShape, ShapeNext, HyphenPart, LowerCase, Length, GazPrev, GazNext,
  PrevWordCase, NextWordCase, PrevTitle, History, HistoryShape, PrevHistory, NextHistory, RunHead,
}

const BOUNDARY = ['<s>', '<s2>', '</s>', '</s2>'];

function shapeOf(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    const code = word.charCodeAt(i);
    let k: string;
    if (code >= 48 && code <= 57) k = 'd';
    else if (code >= 65 && code <= 90) k = 'X';
    else if (code >= 97 && code <= 122) k = 'x';
    else if (c.toLowerCase() !== c) k = 'X';
    else if (c.toUpperCase() !== c) k = 'x';
    else k = c;
    if (k !== last) out += k;
    last = k;
  }
  return out;
}

const digitsToZero = (w: string) => (/\d/.test(w) ? w.replace(/\d/g, '0') : w);

/** Per-document facts: which words the document writes in lower case, and which capitalised mid-sentence. */
export interface DocumentCasing {
  lowerSeen: Set<string>;
  capSeen: Set<string>;
}

export function documentCasingOf(sentences: NormalizedSentence[]): DocumentCasing {
  const lowerSeen = new Set<string>();
  const capSeen = new Set<string>();
  for (const s of sentences) {
    if (s.lineCase !== 'normal') continue;
    for (let i = 1; i < s.words.length; i++) {
      const w = s.words[i];
      const first = w.charCodeAt(0);
      const lower = w.toLowerCase();
      if (lower === w) {
        if (w.toUpperCase() !== w) lowerSeen.add(lower);
      } else if (first < 128 ? first >= 65 && first <= 90 : w[0] !== w[0].toLowerCase()) capSeen.add(lower);
    }
  }
  return { lowerSeen, capSeen };
}

const GAZ_POS = ['U', 'B', 'I', 'L'];

function gazetteerTags(lower: string[], gazetteer: Gazetteer): string[][] {
  const tags: string[][] = lower.map(() => []);
  gazetteer.matches(lower, (start, length, mask) => {
    for (let t = 0; t < TYPES.length; t++) {
      if (!(mask & (1 << t))) continue;
      for (let k = 0; k < length; k++) {
        const pos = length === 1 ? 'U' : k === 0 ? 'B' : k === length - 1 ? 'L' : 'I';
        tags[start + k].push(TYPES[t] + pos + (length > 1 ? '' : ''));
      }
    }
  });
  return tags;
}

function caseClass(word: string): string {
  if (word.toLowerCase() === word) return word.toUpperCase() === word ? 'n' : 'l';
  if (word.toUpperCase() === word) return 'A';
  return 'C';
}

const RUN_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'de', 'on', '&']);

/**
 * For each token inside a run of capitalised words (connectors like "of" allowed inside), what the run's
 * last word says: 'ORG' for "... Organization", 'LOC' for "... River", with the token's place in the run.
 */
function runHeads(infos: WordInfo[]): Array<string | null> {
  const heads: Array<string | null> = infos.map(() => null);
  const capital = (i: number) => i < infos.length && infos[i].shape[0] === 'X';
  let i = 0;
  while (i < infos.length) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (capital(end) || (end + 1 < infos.length && RUN_CONNECTORS.has(infos[end].plainLower) && capital(end + 1))) end += capital(end) ? 1 : 2;
    const last = infos[end - 1].plainLower;
    const kind = ORGANIZATION_HEADS.has(last) ? 'ORG' : PLACE_HEADS.has(last) ? 'LOC' : null;
    if (kind && end - i > 1) for (let k = i; k < end; k++) heads[k] = kind + (k === i ? 'B' : k === end - 1 ? 'L' : 'I');
    i = end;
  }
  return heads;
}

interface WordInfo {
  lower: string;
  plainLower: string;
  shape: string;
  caseClass: string;
  title: boolean;
  /** Hashes of the features that depend on the word alone. */
  local: number[];
}

/** Word-only facts are computed once per distinct word; the cache is bounded so a long-running process stays small. */
const wordCache = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 200_000;
const BIAS = hash1(T.Bias, '');

function wordInfo(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info) return info;
  const plainLower = word.toLowerCase();
  const lower = digitsToZero(plainLower);
  const shape = shapeOf(word);
  const local = [BIAS, hash1(T.Word, digitsToZero(word)), hash1(T.Lower, lower), hash1(T.Shape, shape), hash1(T.Length, String(Math.min(lower.length, 12)))];
  for (let k = 1; k <= 4 && k < lower.length; k++) local.push(hash1(T.Prefix, lower.slice(0, k)), hash1(T.Suffix, lower.slice(-k)));
  if (lower.includes('-')) for (const part of lower.split('-')) if (part) local.push(hash1(T.HyphenPart, part));
  info = { lower, plainLower, shape, caseClass: caseClass(word), title: isTitleWord(word), local };
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(word, info);
  return info;
}

export function sentenceFeatures(sentence: NormalizedSentence, doc: DocumentCasing, lex: FeatureLexicons): SentenceFeatures {
  const words = sentence.words;
  const n = words.length;
  const infos = words.map(wordInfo);
  const gaz = gazetteerTags(infos.map((w) => w.plainLower), lex.gazetteer);
  const heads = runHeads(infos);
  const lineCase: LineCase = sentence.lineCase;
  const out: number[] = [];
  const offsets = new Uint32Array(n + 1);
  const lowerAt = (i: number) => (i < 0 ? BOUNDARY[-i - 1] : i >= n ? BOUNDARY[i - n + 2] : infos[i].lower);
  const shapeAt = (i: number) => (i < 0 ? BOUNDARY[-i - 1] : i >= n ? BOUNDARY[i - n + 2] : infos[i].shape);

  for (let i = 0; i < n; i++) {
    offsets[i] = out.length;
    const info = infos[i];
    const l = info.lower;
    const shape = info.shape;
    for (const h of info.local) out.push(h);
    const prevLower = lowerAt(i - 1);
    const nextLower = lowerAt(i + 1);
    const prevShape = shapeAt(i - 1);
    const nextShape = shapeAt(i + 1);
    out.push(
      hash1(T.PrevLower, prevLower), hash1(T.NextLower, nextLower),
      hash1(T.Prev2Lower, lowerAt(i - 2)), hash1(T.Next2Lower, lowerAt(i + 2)),
      hash2(T.PrevBigram, prevLower, l), hash2(T.NextBigram, l, nextLower),
      hash1(T.PrevShape, prevShape), hash1(T.NextShape, nextShape),
      hash3(T.ShapeTrigram, prevShape, shape, nextShape),
      hash2(T.FirstShape, i === 0 ? '1' : '0', shape),
      hash2(T.CaseShape, lineCase, shape),
      hash2(T.PrevLowerShape, prevLower, shape),
      hash2(T.ShapeNext, shape, nextShape),
    );
    if (i > 0) out.push(hash2(T.PrevWordCase, infos[i - 1].caseClass, info.caseClass));
    if (i + 1 < n) out.push(hash2(T.NextWordCase, info.caseClass, infos[i + 1].caseClass));
    const capitalised = shape[0] === 'X';
    for (const g of gaz[i]) out.push(hash1(T.Gaz, g), hash2(T.GazCap, g, capitalised ? 'C' : 'c'));
    if (i > 0) for (const g of gaz[i - 1]) out.push(hash1(T.GazPrev, g));
    if (i + 1 < n) for (const g of gaz[i + 1]) out.push(hash1(T.GazNext, g));
    if (capitalised) {
      const key = info.plainLower;
      const where = i === 0 ? 'first' : lineCase;
      out.push(hash2(T.DocLower, doc.lowerSeen.has(key) ? '1' : '0', where));
      out.push(hash2(T.DocCap, doc.capSeen.has(key) ? '1' : '0', where));
      out.push(hash2(T.CommonWord, lex.lowerWords.has(key) ? '1' : '0', where));
    }
    if (i > 0 && infos[i - 1].title) out.push(hash2(T.PrevTitle, '1', shape));
    const head = heads[i];
    if (head) out.push(hash1(T.RunHead, head));
  }
  offsets[n] = out.length;
  return { hashes: Uint32Array.from(out), offsets };
}

/** The first-pass features of a sentence plus, per token, the document-level history strings of it and its neighbours. */
export function withHistory(base: SentenceFeatures, sentence: NormalizedSentence, history: string[][]): SentenceFeatures {
  const n = base.offsets.length - 1;
  const out: number[] = [];
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    offsets[i] = out.length;
    for (let f = base.offsets[i]; f < base.offsets[i + 1]; f++) out.push(base.hashes[f]);
    const shape = i === 0 ? 'first' : wordInfo(sentence.words[i]).shape;
    for (const h of history[i]) out.push(hash1(T.History, h), hash2(T.HistoryShape, h, shape));
    if (i > 0) for (const h of history[i - 1]) out.push(hash1(T.PrevHistory, h));
    if (i + 1 < n) for (const h of history[i + 1]) out.push(hash1(T.NextHistory, h));
  }
  offsets[n] = out.length;
  return { hashes: Uint32Array.from(out), offsets };
}
