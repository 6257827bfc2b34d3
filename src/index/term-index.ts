/**
 * A compact inverted index with BM25 ranking over two fields (title, body), prefix and typo-tolerant matching.
 *
 * Why not a general search library: at hundreds of thousands of articles the per-term trees and maps of one cost
 * gigabytes and most of the time to index; here a term is a number, its postings one flat array of
 * (document, title count, body count), and the saved form is a few arrays that load without rebuilding anything.
 */

/** How query and document text become terms: the same function for both. */
export type TermFilter = (word: string) => string | null;

export interface TermHit {
  id: string;
  score: number;
  /** The document terms that matched (for highlighting). */
  terms: string[];
}

export interface TermQueryOptions {
  /** 'and': every query word must match (through any of its expansions); 'or': any may. */
  combineWith: 'and' | 'or';
}

/** What toJSON writes and fromJSON reads; `format` changes whenever the layout does. */
export interface TermIndexState {
  format: typeof STATE_FORMAT;
  ids: (string | null)[];
  titleLengths: number[];
  bodyLengths: number[];
  terms: string[];
  /** Per term, its postings flattened: doc, title count, body count, doc, … */
  postings: number[][];
}

const STATE_FORMAT = 1;
const WORD_SPLIT = /[\n\r\p{Z}\p{P}]+/u;
const K1 = 1.2;
const B = 0.7;
const TITLE_BOOST = 2;
/** Weight of a match on a longer word the query word begins ("sanction" -> "sanctions"), and of a one-slip match. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Words shorter than this are matched exactly; from it, also as prefixes; from FUZZY_FROM, also with slips. */
const PREFIX_FROM = 4;
const FUZZY_FROM = 6;
/** Terms added since the sorted list was built are scanned linearly until there are this many. */
const UNSORTED_LIMIT = 4096;

export class TermIndex {
  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  private postings: number[][] = [];
  /** Document number -> id (null once removed), and the number of each live id. */
  private ids: (string | null)[] = [];
  private readonly numbers = new Map<string, number>();
  private titleLengths: number[] = [];
  private bodyLengths: number[] = [];
  private live = 0;
  private titleTotal = 0;
  private bodyTotal = 0;
  /** Term ids in term order (for prefix search), and those added since. */
  private sorted: number[] = [];
  private unsorted: number[] = [];
  /** Term ids by term length (for typo search). */
  private byLength: number[][] = [];

  constructor(private readonly filter: TermFilter) {}

  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  add(id: string, title: string, body: string): void {
    if (this.numbers.has(id)) this.remove(id);
    const doc = this.ids.length;
    this.ids.push(id);
    this.numbers.set(id, doc);
    const counts = new Map<number, number>();
    const titleLength = this.count(title, counts, 1 << 16);
    const bodyLength = this.count(body, counts, 1);
    for (const [term, packed] of counts) this.postings[term].push(doc, packed >>> 16, packed & 0xffff);
    this.titleLengths.push(titleLength);
    this.bodyLengths.push(bodyLength);
    this.live++;
    this.titleTotal += titleLength;
    this.bodyTotal += bodyLength;
  }

  /** Forgets a document; its postings are skipped from now on and dropped when the index is next compacted. */
  remove(id: string): void {
    const doc = this.numbers.get(id);
    if (doc === undefined) return;
    this.numbers.delete(id);
    this.ids[doc] = null;
    this.live--;
    this.titleTotal -= this.titleLengths[doc];
    this.bodyTotal -= this.bodyLengths[doc];
    if (this.ids.length > 1024 && this.live < this.ids.length / 2) this.compact();
  }

  search(text: string, options: TermQueryOptions = { combineWith: 'and' }): TermHit[] {
    const words = [...new Set(this.termsOf(text))];
    if (words.length === 0 || this.live === 0) return [];
    const perWord = words.map((w) => this.scoreWord(w));
    const combined = options.combineWith === 'and' ? intersect(perWord) : unite(perWord);
    const hits: TermHit[] = [];
    for (const [doc, { score, terms }] of combined) hits.push({ id: this.ids[doc]!, score, terms: [...terms] });
    // Ties in document order: the same corpus always ranks the same way.
    return hits.sort((a, b) => b.score - a.score || this.numbers.get(a.id)! - this.numbers.get(b.id)!);
  }

  toJSON(): TermIndexState {
    this.compact();
    return { format: STATE_FORMAT, ids: this.ids, titleLengths: this.titleLengths, bodyLengths: this.bodyLengths, terms: this.terms, postings: this.postings };
  }

  /** An index as toJSON() left it; throws on anything else, so that the caller indexes the documents afresh. */
  static fromJSON(state: TermIndexState, filter: TermFilter): TermIndex {
    const valid =
      state?.format === STATE_FORMAT &&
      Array.isArray(state.ids) &&
      state.titleLengths?.length === state.ids.length &&
      state.bodyLengths?.length === state.ids.length &&
      Array.isArray(state.terms) &&
      state.postings?.length === state.terms.length;
    if (!valid) throw new Error('not a saved term index of this version');
    const index = new TermIndex(filter);
    index.ids = state.ids;
    index.titleLengths = state.titleLengths;
    index.bodyLengths = state.bodyLengths;
    index.postings = state.postings;
    state.ids.forEach((id, doc) => {
      if (id === null) return;
      index.numbers.set(id, doc);
      index.live++;
      index.titleTotal += state.titleLengths[doc];
      index.bodyTotal += state.bodyLengths[doc];
    });
    for (const term of state.terms) index.newTerm(term, false);
    index.sortTerms();
    return index;
  }

  // ---- indexing ----

  private termsOf(text: string): string[] {
    const out: string[] = [];
    for (const word of text.split(WORD_SPLIT)) {
      const term = word && this.filter(word);
      if (term) out.push(term);
    }
    return out;
  }

  /** Counts a field's terms into counts (scaled by unit: title counts live in the high half); returns its length. */
  private count(text: string, counts: Map<number, number>, unit: number): number {
    const terms = this.termsOf(text);
    for (const term of terms) {
      const id = this.termIds.get(term) ?? this.newTerm(term);
      const now = counts.get(id) ?? 0;
      // Counts saturate at 65535 per field, far beyond any article's use of one word.
      if (((now / unit) & 0xffff) < 0xffff) counts.set(id, now + unit);
    }
    return terms.length;
  }

  /** Registers a term (its postings too, unless they were restored with it); sorting may wait for a batch. */
  private newTerm(term: string, sortSoon = true): number {
    const id = this.terms.length;
    this.terms.push(term);
    if (this.postings.length === id) this.postings.push([]);
    this.termIds.set(term, id);
    (this.byLength[term.length] ??= []).push(id);
    this.unsorted.push(id);
    if (sortSoon && this.unsorted.length > UNSORTED_LIMIT) this.sortTerms();
    return id;
  }

  private sortTerms(): void {
    const terms = this.terms;
    this.unsorted.sort((a, b) => (terms[a] < terms[b] ? -1 : 1));
    this.sorted = mergeSorted(this.sorted, this.unsorted, terms);
    this.unsorted = [];
  }

  /** Drops the postings of removed documents and renumbers the rest. */
  private compact(): void {
    if (this.live === this.ids.length) return;
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const titleLengths: number[] = [];
    const bodyLengths: number[] = [];
    this.ids.forEach((id, doc) => {
      if (id === null) return;
      renumber[doc] = ids.length;
      this.numbers.set(id, ids.length);
      ids.push(id);
      titleLengths.push(this.titleLengths[doc]);
      bodyLengths.push(this.bodyLengths[doc]);
    });
    this.postings = this.postings.map((list) => {
      const kept: number[] = [];
      for (let p = 0; p < list.length; p += 3) if (renumber[list[p]] >= 0) kept.push(renumber[list[p]], list[p + 1], list[p + 2]);
      return kept;
    });
    [this.ids, this.titleLengths, this.bodyLengths] = [ids, titleLengths, bodyLengths];
  }

  // ---- querying ----

  /** Every document matching one query word, exactly or through its expansions, with its BM25 score. */
  private scoreWord(word: string): Map<number, { score: number; terms: Set<string> }> {
    const out = new Map<number, { score: number; terms: Set<string> }>();
    for (const [term, weight] of this.expansions(word)) {
      const list = this.postings[term];
      const titleIdf = idf(this.live, countField(list, 1));
      const bodyIdf = idf(this.live, countField(list, 2));
      const avgTitle = this.titleTotal / this.live || 1;
      const avgBody = this.bodyTotal / this.live || 1;
      for (let p = 0; p < list.length; p += 3) {
        const doc = list[p];
        if (this.ids[doc] === null) continue;
        const score =
          weight *
          (TITLE_BOOST * bm25(list[p + 1], this.titleLengths[doc], avgTitle, titleIdf) + bm25(list[p + 2], this.bodyLengths[doc], avgBody, bodyIdf));
        const seen = out.get(doc);
        if (seen) {
          seen.score += score;
          seen.terms.add(this.terms[term]);
        } else out.set(doc, { score, terms: new Set([this.terms[term]]) });
      }
    }
    return out;
  }

  /** The terms a query word matches, each with its weight: itself 1, longer words it begins, words one slip away. */
  private expansions(word: string): Map<number, number> {
    const out = new Map<number, number>();
    const exact = this.termIds.get(word);
    if (exact !== undefined) out.set(exact, 1);
    if (word.length >= PREFIX_FROM) {
      for (const id of this.withPrefix(word)) {
        const extra = this.terms[id].length - word.length;
        if (extra > 0) out.set(id, Math.max(out.get(id) ?? 0, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * extra)));
      }
    }
    if (word.length >= FUZZY_FROM) {
      const maxEdits = Math.floor(word.length * 0.2);
      for (let length = word.length - maxEdits; length <= word.length + maxEdits; length++) {
        for (const id of this.byLength[length] ?? []) {
          if (out.has(id)) continue;
          const edits = boundedEditDistance(word, this.terms[id], maxEdits);
          if (edits <= maxEdits) out.set(id, (FUZZY_WEIGHT * word.length) / (word.length + edits));
        }
      }
    }
    return out;
  }

  private *withPrefix(prefix: string): Generator<number> {
    const terms = this.terms;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[this.sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && terms[this.sorted[i]].startsWith(prefix); i++) yield this.sorted[i];
    for (const id of this.unsorted) if (terms[id].startsWith(prefix)) yield id;
  }
}

function bm25(tf: number, length: number, average: number, idfValue: number): number {
  if (tf === 0) return 0;
  return (idfValue * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * length) / average));
}

function idf(documents: number, withTerm: number): number {
  return Math.log(1 + (documents - withTerm + 0.5) / (withTerm + 0.5));
}

/** Postings (doc, title count, body count)* with a non-zero count in field 1 (title) or 2 (body). */
function countField(list: number[], field: 1 | 2): number {
  let n = 0;
  for (let p = field; p < list.length; p += 3) if (list[p] > 0) n++;
  return n;
}

type Scored = Map<number, { score: number; terms: Set<string> }>;

function intersect(perWord: Scored[]): Scored {
  const [smallest, ...rest] = [...perWord].sort((a, b) => a.size - b.size);
  const out: Scored = new Map();
  for (const [doc, hit] of smallest) {
    let score = hit.score;
    const terms = new Set(hit.terms);
    let all = true;
    for (const other of rest) {
      const o = other.get(doc);
      if (!o) {
        all = false;
        break;
      }
      score += o.score;
      for (const t of o.terms) terms.add(t);
    }
    if (all) out.set(doc, { score, terms });
  }
  return out;
}

function unite(perWord: Scored[]): Scored {
  const out: Scored = new Map();
  for (const scored of perWord) {
    for (const [doc, hit] of scored) {
      const seen = out.get(doc);
      if (!seen) out.set(doc, { score: hit.score, terms: new Set(hit.terms) });
      else {
        seen.score += hit.score;
        for (const t of hit.terms) seen.terms.add(t);
      }
    }
  }
  return out;
}

function mergeSorted(a: number[], b: number[], terms: string[]): number[] {
  const out: number[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = terms[a[i]] <= terms[b[j]] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Levenshtein distance, or max + 1 as soon as it must exceed max (a band of the matrix, stopped early). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) [rowA, rowB] = [new Int32Array(b.length * 2), new Int32Array(b.length * 2)];
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
