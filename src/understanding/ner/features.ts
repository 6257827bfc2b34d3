/**
 * Feature extraction for the tagger: every token gets a list of 32-bit feature hashes over its word,
 * lower-case form, shape, affixes, a ±2 window, the line's casing, training-name gazetteer matches,
 * the head word of its capitalised run, word classes, how the same word is written elsewhere in the
 * document, and (second pass) how the first pass labelled it elsewhere.
 */
import { Gazetteer } from './gazetteer.ts';
import { combine, stringHash } from './feature-hash.ts';
import type { NormalizedSentence } from './normalize.ts';
import { TYPES } from './tags.ts';
import { isTitleWord, ORGANIZATION_HEADS, PLACE_HEADS } from './titles.ts';

export interface FeatureLexicons {
  gazetteer: Gazetteer;
  lowerWords: Set<string>;
  /** Lower-cased word -> word class learnt from unlabelled news (see clusters.ts); empty when none was available. */
  clusters: Map<string, number>;
}

/**
 * Hashes of one sentence's features: token i owns hashes[offsets[i] .. offsets[i+1]), of which the first
 * words[i].local.length depend on the word alone (so a tagger may score them once per word, see WordInfo.scores).
 */
export interface SentenceFeatures {
  hashes: Uint32Array;
  offsets: Uint32Array;
  words?: WordInfo[];
}

/** Feature templates. Their numbers are mixed into every hash the model stores: append new ones, never reorder. */
const enum T {
  Bias = 1,
  Word,
  Lower,
  Shape,
  Prefix,
  Suffix,
  PrevLower,
  NextLower,
  Prev2Lower,
  Next2Lower,
  PrevBigram,
  NextBigram,
  PrevShape,
  NextShape,
  ShapeTrigram,
  FirstShape,
  CaseShape,
  Gaz,
  GazCap,
  DocLower,
  DocCap,
  CommonWord,
  PrevLowerShape,
  ShapeNext,
  HyphenPart,
  Unused,
  Length,
  GazPrev,
  GazNext,
  PrevWordCase,
  NextWordCase,
  PrevTitle,
  History,
  HistoryShape,
  PrevHistory,
  NextHistory,
  RunHead,
  Cluster,
  PrevCluster,
  NextCluster,
  ClusterShape,
}

/** Stand-ins for the words before the start and after the end of a sentence. */
const BOUNDARY_LOWER = [stringHash('<s>'), stringHash('<s2>'), stringHash('</s>'), stringHash('</s2>')];
const BOUNDARY_SHAPE = BOUNDARY_LOWER;
const LINE_CASE = { normal: 1, caps: 2, title: 3 } as const;
const FIRST = 4;

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
      const lower = w.toLowerCase();
      if (lower === w) {
        if (w.toUpperCase() !== w) lowerSeen.add(lower);
      } else if (w[0] !== w[0].toLowerCase()) capSeen.add(lower);
    }
  }
  return { lowerSeen, capSeen };
}

/** Gazetteer codes per token: 1 + type * 4 + place in the name (U, B, I, L). */
function gazetteerCodes(lower: string[], gazetteer: Gazetteer): number[][] {
  const codes: number[][] = lower.map(() => []);
  gazetteer.matches(lower, (start, length, mask) => {
    for (let t = 0; t < TYPES.length; t++) {
      if (!(mask & (1 << t))) continue;
      for (let k = 0; k < length; k++) {
        const pos = length === 1 ? 0 : k === 0 ? 1 : k === length - 1 ? 3 : 2;
        codes[start + k].push(1 + t * 4 + pos);
      }
    }
  });
  return codes;
}

/** 1 lower-case, 2 ALL-CAPS, 3 Capitalised, 4 no letters. */
function caseClass(word: string): number {
  if (word.toLowerCase() === word) return word.toUpperCase() === word ? 4 : 1;
  if (word.toUpperCase() === word) return 2;
  return 3;
}

const RUN_CONNECTORS = new Set(['of', 'for', 'and', 'the', 'de', 'on', '&']);

/**
 * For each token inside a run of capitalised words (connectors like "of" allowed inside), what the run's
 * words say: a last word like "Organization" marks a body and "River" a place; a body word followed by
 * "of" marks a body too ("Government of National Accord", "Ministry of Foreign and European Affairs").
 * Coded as kind * 4 + the token's place in the run.
 */
function runHeads(infos: WordInfo[]): number[] {
  const heads = infos.map(() => 0);
  const capital = (i: number) => i < infos.length && infos[i].capitalised;
  let i = 0;
  while (i < infos.length) {
    if (!capital(i)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (capital(end) || (end + 1 < infos.length && RUN_CONNECTORS.has(infos[end].plainLower) && capital(end + 1)))
      end += capital(end) ? 1 : 2;
    const kind = end - i > 1 ? runKind(infos, i, end) : 0;
    if (kind) for (let k = i; k < end; k++) heads[k] = kind * 4 + (k === i ? 1 : k === end - 1 ? 3 : 2);
    i = end;
  }
  return heads;
}

function runKind(infos: WordInfo[], start: number, end: number): number {
  const last = infos[end - 1].plainLower;
  if (ORGANIZATION_HEADS.has(last)) return 1;
  if (PLACE_HEADS.has(last)) return 2;
  for (let k = start; k < end - 2; k++)
    if (ORGANIZATION_HEADS.has(infos[k].plainLower) && infos[k + 1].plainLower === 'of') return 3;
  return 0;
}

export interface WordInfo {
  plainLower: string;
  /** Hashes of the lower-case form (digits as 0) and of the shape. */
  lower: number;
  shape: number;
  caseClass: number;
  capitalised: boolean;
  title: boolean;
  /** Hashes of the features that depend on the word alone. */
  local: number[];
  /** What each weight table (by its id) makes of `local`: most words recur, so they are scored once. */
  scores: Float64Array[];
}

/** Word-only facts are computed once per distinct word; the cache is bounded so a long-running process stays small. */
const wordCache = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 50_000;

function wordInfo(word: string): WordInfo {
  let info = wordCache.get(word);
  if (info) return info;
  const plainLower = word.toLowerCase();
  const lowerText = digitsToZero(plainLower);
  const shapeText = shapeOf(word);
  const lower = stringHash(lowerText);
  const shape = stringHash(shapeText);
  const local = [
    combine(T.Bias, 0),
    combine(T.Word, stringHash(digitsToZero(word))),
    combine(T.Lower, lower),
    combine(T.Shape, shape),
    combine(T.Length, Math.min(lowerText.length, 12)),
  ];
  for (let k = 1; k <= 4 && k < lowerText.length; k++) {
    local.push(
      combine(T.Prefix, stringHash(lowerText.slice(0, k))),
      combine(T.Suffix, stringHash(lowerText.slice(-k))),
    );
  }
  if (lowerText.includes('-'))
    for (const part of lowerText.split('-')) if (part) local.push(combine(T.HyphenPart, stringHash(part)));
  info = {
    plainLower,
    lower,
    shape,
    caseClass: caseClass(word),
    capitalised: shapeText[0] === 'X',
    title: isTitleWord(word),
    local,
    scores: [],
  };
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(word, info);
  return info;
}

/** A growable scratch buffer for one sentence's hashes: pushing to a JS array and copying it cost more than tagging. */
class HashBuffer {
  private data = new Uint32Array(4096);
  length = 0;

  push(h: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = h;
  }

  take(): Uint32Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

const scratch = new HashBuffer();

export function sentenceFeatures(
  sentence: NormalizedSentence,
  doc: DocumentCasing,
  lex: FeatureLexicons,
): SentenceFeatures {
  const words = sentence.words;
  const n = words.length;
  const infos = words.map(wordInfo);
  const gaz = gazetteerCodes(
    infos.map((w) => w.plainLower),
    lex.gazetteer,
  );
  const heads = runHeads(infos);
  // Class 0 stands for a word without a class (or a model without classes).
  const classes = infos.map((w) => (lex.clusters.get(w.plainLower) ?? -1) + 1);
  const lineCase = LINE_CASE[sentence.lineCase];
  const out = scratch;
  const offsets = new Uint32Array(n + 1);
  const lowerAt = (i: number) => (i < 0 ? BOUNDARY_LOWER[-i - 1] : i >= n ? BOUNDARY_LOWER[i - n + 2] : infos[i].lower);
  const shapeAt = (i: number) => (i < 0 ? BOUNDARY_SHAPE[-i - 1] : i >= n ? BOUNDARY_SHAPE[i - n + 2] : infos[i].shape);

  for (let i = 0; i < n; i++) {
    offsets[i] = out.length;
    const info = infos[i];
    const { lower, shape } = info;
    for (const h of info.local) out.push(h);
    const prevLower = lowerAt(i - 1);
    const nextLower = lowerAt(i + 1);
    const prevShape = shapeAt(i - 1);
    const nextShape = shapeAt(i + 1);
    const where = i === 0 ? FIRST : lineCase;
    out.push(combine(T.PrevLower, prevLower));
    out.push(combine(T.NextLower, nextLower));
    out.push(combine(T.Prev2Lower, lowerAt(i - 2)));
    out.push(combine(T.Next2Lower, lowerAt(i + 2)));
    out.push(combine(T.PrevBigram, prevLower, lower));
    out.push(combine(T.NextBigram, lower, nextLower));
    out.push(combine(T.PrevShape, prevShape));
    out.push(combine(T.NextShape, nextShape));
    out.push(combine(T.ShapeTrigram, prevShape, shape, nextShape));
    out.push(combine(T.FirstShape, i === 0 ? 1 : 0, shape));
    out.push(combine(T.CaseShape, lineCase, shape));
    out.push(combine(T.PrevLowerShape, prevLower, shape));
    out.push(combine(T.ShapeNext, shape, nextShape));
    if (i > 0) out.push(combine(T.PrevWordCase, infos[i - 1].caseClass, info.caseClass));
    if (i + 1 < n) out.push(combine(T.NextWordCase, info.caseClass, infos[i + 1].caseClass));
    for (const g of gaz[i]) {
      out.push(combine(T.Gaz, g));
      out.push(combine(T.GazCap, g, info.capitalised ? 1 : 0));
    }
    if (i > 0) for (const g of gaz[i - 1]) out.push(combine(T.GazPrev, g));
    if (i + 1 < n) for (const g of gaz[i + 1]) out.push(combine(T.GazNext, g));
    if (info.capitalised) {
      const key = info.plainLower;
      out.push(combine(T.DocLower, doc.lowerSeen.has(key) ? 1 : 0, where));
      out.push(combine(T.DocCap, doc.capSeen.has(key) ? 1 : 0, where));
      out.push(combine(T.CommonWord, lex.lowerWords.has(key) ? 1 : 0, where));
    }
    if (i > 0 && infos[i - 1].title) out.push(combine(T.PrevTitle, shape));
    if (heads[i]) out.push(combine(T.RunHead, heads[i]));
    if (lex.clusters.size) {
      out.push(combine(T.Cluster, classes[i]));
      out.push(combine(T.ClusterShape, classes[i], shape));
      out.push(combine(T.PrevCluster, i > 0 ? classes[i - 1] : 1000));
      out.push(combine(T.NextCluster, i + 1 < n ? classes[i + 1] : 1000));
    }
  }
  offsets[n] = out.length;
  return { hashes: out.take(), offsets, words: infos };
}

/** The first-pass features of a sentence plus, per token, the document-level history codes of it and its neighbours. */
export function withHistory(
  base: SentenceFeatures,
  sentence: NormalizedSentence,
  history: number[][],
): SentenceFeatures {
  const n = base.offsets.length - 1;
  const out = scratch;
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    offsets[i] = out.length;
    for (let f = base.offsets[i]; f < base.offsets[i + 1]; f++) out.push(base.hashes[f]);
    const shape = i === 0 ? FIRST : (base.words?.[i] ?? wordInfo(sentence.words[i])).shape;
    for (const h of history[i]) {
      out.push(combine(T.History, h));
      out.push(combine(T.HistoryShape, h, shape));
    }
    if (i > 0) for (const h of history[i - 1]) out.push(combine(T.PrevHistory, h));
    if (i + 1 < n) for (const h of history[i + 1]) out.push(combine(T.NextHistory, h));
  }
  offsets[n] = out.length;
  return { hashes: out.take(), offsets, ...(base.words ? { words: base.words } : {}) };
}
