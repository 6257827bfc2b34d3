/**
 * A compact inverted index with BM25 ranking over two fields (title, body), prefix and typo-tolerant matching.
 *
 * Why not a general search library: at hundreds of thousands of articles the per-term trees and maps of one cost
 * gigabytes and most of the time to index. Here a term is a number and a posting two integers (document, and its
 * title and body counts packed). Postings live in one typed array, term after term ("frozen"); those of documents
 * added since go to short per-term lists until they are many, then everything is frozen again. The saved form is
 * that typed array in base64: it loads without rebuilding anything.
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
  ids: string[];
  titleLengths: number[];
  bodyLengths: number[];
  terms: string[];
  /** Base64 of Int32Arrays: where each term's postings start in `pool` (one more than there are terms), and the postings. */
  starts: string;
  pool: string;
}

const STATE_FORMAT = 2;
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
/**
 * A query's work is bounded whatever is typed: at most this many distinct words are read, and only the first
 * MAX_FUZZY_WORDS long ones are matched with slips (each such word scans the vocabulary of its length).
 */
export const MAX_QUERY_WORDS = 32;
export const MAX_FUZZY_WORDS = 4;
/** Postings added since the last freeze that make the next document's addition freeze them (or a quarter of the pool). */
const FREEZE_AT = 1 << 20;
/** A freeze made in slices looks at the clock every this many + 1 documents or terms. */
const SLICE_STEPS = 1023;
/** Terms added since the sorted list was built are scanned linearly until there are this many. */
const UNSORTED_LIMIT = 4096;

export class TermIndex {
  private readonly termIds = new Map<string, number>();
  private terms: string[] = [];
  /** Frozen postings: term t's are pool[2 * starts[t] .. 2 * starts[t + 1]), as (document, title count << 16 | body count). */
  private pool: Int32Array = new Int32Array(0);
  private starts: Int32Array = new Int32Array(1);
  /** Postings added since the last freeze, per term, in the same two-integer form; and how many there are. */
  private tails: (number[] | undefined)[] = [];
  private tailPostings = 0;
  /** Document number -> id (null once removed), and the number of each live id. */
  private ids: (string | null)[] = [];
  private numbers = new Map<string, number>();
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
  /** Counts every change (add, remove, freeze): a freeze made a slice at a time is dropped if one came meanwhile. */
  private changes = 0;

  /** freezeAt: recent postings that trigger a freeze (or a quarter of the pool, whichever is more). */
  constructor(
    private readonly filter: TermFilter,
    private readonly freezeAt = FREEZE_AT,
  ) {}

  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** freezeWhenDue false: the caller freezes when freezeDue says so (freezeInSlices, between its yields). */
  add(id: string, title: string, body: string, freezeWhenDue = true): void {
    this.changes++;
    if (this.numbers.has(id)) this.remove(id, freezeWhenDue);
    const doc = this.ids.length;
    this.ids.push(id);
    this.numbers.set(id, doc);
    const counts = new Map<number, number>();
    const titleLength = this.count(title, counts, 1 << 16);
    const bodyLength = this.count(body, counts, 1);
    for (const [term, packed] of counts) (this.tails[term] ??= []).push(doc, packed);
    this.tailPostings += counts.size;
    this.titleLengths.push(titleLength);
    this.bodyLengths.push(bodyLength);
    this.live++;
    this.titleTotal += titleLength;
    this.bodyTotal += bodyLength;
    if (freezeWhenDue && this.manyRecent()) this.freeze();
  }

  /** Whether add or remove would freeze the index now. */
  get freezeDue(): boolean {
    return this.manyRecent() || this.mostlyRemoved();
  }

  private manyRecent(): boolean {
    return this.tailPostings > Math.max(this.freezeAt, this.pool.length / 4);
  }

  private mostlyRemoved(): boolean {
    return this.ids.length > 1024 && this.live < this.ids.length / 2;
  }

  /** Forgets a document; its postings are skipped from now on and dropped when the index is next compacted. */
  remove(id: string, freezeWhenDue = true): void {
    const doc = this.numbers.get(id);
    if (doc === undefined) return;
    this.changes++;
    this.numbers.delete(id);
    this.ids[doc] = null;
    this.live--;
    this.titleTotal -= this.titleLengths[doc];
    this.bodyTotal -= this.bodyLengths[doc];
    if (freezeWhenDue && this.mostlyRemoved()) this.freeze();
  }

  /** The documents matching a query, best first (at most `limit`), with the document terms each matched. */
  search(text: string, options: TermQueryOptions = { combineWith: 'and' }, limit = Infinity): TermHit[] {
    const words = [...new Set(this.termsOf(text))].slice(0, MAX_QUERY_WORDS);
    if (words.length === 0 || this.live === 0) return [];
    let fuzzyLeft = MAX_FUZZY_WORDS;
    const expansions = words.map((w) => this.expansions(w, w.length >= FUZZY_FROM && fuzzyLeft-- > 0));
    // Scores and matched-word counts by document number: flat arrays, not maps, so a word in most of 200,000 articles costs milliseconds.
    const score = new Float64Array(this.ids.length);
    const matched = new Uint16Array(this.ids.length);
    const lastWord = new Uint16Array(this.ids.length);
    const candidates: number[] = [];
    expansions.forEach((terms, k) => {
      for (const [term, weight] of terms) {
        this.scorePostings(term, weight, (doc, value) => {
          score[doc] += value;
          if (lastWord[doc] === k + 1) return;
          if (matched[doc] === 0) candidates.push(doc);
          lastWord[doc] = k + 1;
          matched[doc]++;
        });
      }
    });
    const needed = options.combineWith === 'and' ? words.length : 1;
    // Ties in document order: the same corpus always ranks the same way.
    const ranked = candidates.filter((doc) => matched[doc] >= needed).sort((a, b) => score[b] - score[a] || a - b);
    if (ranked.length > limit) ranked.length = limit;
    const terms = this.matchedTerms(ranked, expansions);
    return ranked.map((doc) => ({ id: this.ids[doc]!, score: score[doc], terms: [...terms.get(doc)!] }));
  }

  /** Calls add(doc, BM25 score * weight) for every live document holding a term. */
  private scorePostings(term: number, weight: number, add: (doc: number, value: number) => void): void {
    let inTitles = 0;
    let inBodies = 0;
    this.forEachPosting(term, (doc, title, body) => {
      if (this.ids[doc] === null) return;
      if (title) inTitles++;
      if (body) inBodies++;
    });
    const titleIdf = idf(this.live, inTitles);
    const bodyIdf = idf(this.live, inBodies);
    const avgTitle = this.titleTotal / this.live || 1;
    const avgBody = this.bodyTotal / this.live || 1;
    this.forEachPosting(term, (doc, title, body) => {
      if (this.ids[doc] === null) return;
      add(
        doc,
        weight *
          (TITLE_BOOST * bm25(title, this.titleLengths[doc], avgTitle, titleIdf) +
            bm25(body, this.bodyLengths[doc], avgBody, bodyIdf)),
      );
    });
  }

  /** The document terms behind each ranked document's match (a second pass over the postings, for the few kept). */
  private matchedTerms(ranked: number[], expansions: Map<number, number>[]): Map<number, Set<string>> {
    const out = new Map<number, Set<string>>(ranked.map((doc) => [doc, new Set<string>()]));
    for (const terms of expansions) {
      for (const term of terms.keys()) {
        this.forEachPosting(term, (doc) => out.get(doc)?.add(this.terms[term]));
      }
    }
    return out;
  }

  toJSON(): TermIndexState {
    const { state, pool } = this.toParts();
    return { ...state, pool: base64Of(pool) };
  }

  /** The saved form with the postings apart, as an array: a snapshot writes them without making one string of them. */
  toParts(): { state: Omit<TermIndexState, 'pool'>; pool: Int32Array } {
    this.freeze();
    const state: Omit<TermIndexState, 'pool'> = {
      format: STATE_FORMAT,
      ids: this.ids as string[],
      titleLengths: this.titleLengths,
      bodyLengths: this.bodyLengths,
      terms: this.terms,
      starts: base64Of(this.starts),
    };
    return { state, pool: this.pool };
  }

  /**
   * An index as toJSON() (or toParts(), with its postings given apart as pool) left it; throws on anything else, so
   * that the caller indexes the documents afresh.
   */
  static fromJSON(
    state: TermIndexState | Omit<TermIndexState, 'pool'>,
    filter: TermFilter,
    givenPool?: Int32Array,
  ): TermIndex {
    const valid =
      state?.format === STATE_FORMAT &&
      Array.isArray(state.ids) &&
      state.titleLengths?.length === state.ids.length &&
      state.bodyLengths?.length === state.ids.length &&
      Array.isArray(state.terms) &&
      typeof state.starts === 'string' &&
      (givenPool instanceof Int32Array || ('pool' in state && typeof state.pool === 'string'));
    if (!valid) throw new Error('not a saved term index of this version');
    const starts = int32Of(state.starts);
    const pool = givenPool ?? int32Of((state as TermIndexState).pool);
    if (starts.length !== state.terms.length + 1 || starts[state.terms.length] * 2 !== pool.length)
      throw new Error('saved term index does not add up');
    const index = new TermIndex(filter);
    // Copies: the index grows these, and must not grow the caller's state with them.
    [index.ids, index.titleLengths, index.bodyLengths] = [
      [...state.ids],
      [...state.titleLengths],
      [...state.bodyLengths],
    ];
    [index.starts, index.pool] = [starts, pool];
    state.ids.forEach((id, doc) => {
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
      // Counts saturate at 32767 per field (so that both fit one 32-bit integer), far beyond any article's use of a word.
      if (((now / unit) & 0xffff) < 0x7fff) counts.set(id, now + unit);
    }
    return terms.length;
  }

  /** Registers a term; sorting may wait for a batch. */
  private newTerm(term: string, sortSoon = true): number {
    const id = this.terms.length;
    this.terms.push(term);
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

  /** Moves every posting into the frozen pool, dropping those of removed documents and renumbering the rest. */
  private freeze(): void {
    if (this.frozen()) return;
    const steps = this.freezeSteps();
    while (!steps.next().done);
  }

  /** Nothing to freeze: no recent postings, no removed document (a freeze would copy the pool as it is). */
  private frozen(): boolean {
    return this.tailPostings === 0 && this.live === this.ids.length && this.starts.length === this.terms.length + 1;
  }

  /**
   * freeze(), made a slice at a time (at 260,000 articles one freeze held the event loop 60-250 ms) and put in place
   * in one step at the end: the same pool, numbers and lengths. The index answers as before meanwhile; if it changes
   * meanwhile, the work is dropped (the index stays as it was, valid and still due a freeze).
   */
  async freezeInSlices(tick: () => Promise<void>): Promise<void> {
    if (this.frozen()) return;
    const begun = this.changes;
    const steps = this.freezeSteps();
    while (!steps.next().done) {
      await tick();
      if (this.changes !== begun) return;
    }
  }

  /**
   * The work of a freeze, pausing every SLICE_STEPS documents or terms; nothing of the index changes before the last
   * step, which puts the new pool, numbers and lengths in place at once.
   */
  private *freezeSteps(): Generator<void, void> {
    let step = 0;
    const pause = () => (++step & SLICE_STEPS) === 0;
    let live: { renumber: Int32Array; ids: string[]; titleLengths: number[]; bodyLengths: number[] } | null = null;
    const numbers = new Map<string, number>();
    if (this.live !== this.ids.length) {
      live = { renumber: new Int32Array(this.ids.length).fill(-1), ids: [], titleLengths: [], bodyLengths: [] };
      for (let doc = 0; doc < this.ids.length; doc++) {
        const id = this.ids[doc];
        if (id !== null) {
          live.renumber[doc] = live.ids.length;
          numbers.set(id, live.ids.length);
          live.ids.push(id);
          live.titleLengths.push(this.titleLengths[doc]);
          live.bodyLengths.push(this.bodyLengths[doc]);
        }
        if (pause()) yield;
      }
    }
    const termCount = this.terms.length;
    const starts = new Int32Array(termCount + 1);
    let total = 0;
    for (let t = 0; t < termCount; t++) {
      starts[t] = total;
      total += this.frozenCount(t) + (this.tails[t]?.length ?? 0) / 2;
      if (pause()) yield;
    }
    starts[termCount] = total;
    const pool = new Int32Array(total * 2);
    let at = 0;
    const keep = (doc: number, packed: number) => {
      const to = live ? live.renumber[doc] : doc;
      if (to < 0) return;
      pool[at++] = to;
      pool[at++] = packed;
    };
    for (let t = 0; t < termCount; t++) {
      for (let p = 2 * (this.starts[t] ?? 0), end = p + 2 * this.frozenCount(t); p < end; p += 2)
        keep(this.pool[p], this.pool[p + 1]);
      const tail = this.tails[t];
      if (tail) for (let p = 0; p < tail.length; p += 2) keep(tail[p], tail[p + 1]);
      starts[t + 1] = at / 2;
      if (pause()) yield;
    }
    this.changes++;
    if (live)
      [this.ids, this.titleLengths, this.bodyLengths, this.numbers] = [
        live.ids,
        live.titleLengths,
        live.bodyLengths,
        numbers,
      ];
    [this.pool, this.starts, this.tails, this.tailPostings] = [
      at === pool.length ? pool : pool.slice(0, at),
      starts,
      [],
      0,
    ];
  }

  /** Postings of term t in the frozen pool (0 for a term added since the last freeze). */
  private frozenCount(t: number): number {
    return t + 1 < this.starts.length ? this.starts[t + 1] - this.starts[t] : 0;
  }

  /** Calls visit(doc, title count, body count) for every posting of a term, frozen then recent. */
  private forEachPosting(t: number, visit: (doc: number, title: number, body: number) => void): void {
    for (let p = 2 * (this.starts[t] ?? 0), end = p + 2 * this.frozenCount(t); p < end; p += 2)
      visit(this.pool[p], this.pool[p + 1] >>> 16, this.pool[p + 1] & 0xffff);
    const tail = this.tails[t];
    if (tail) for (let p = 0; p < tail.length; p += 2) visit(tail[p], tail[p + 1] >>> 16, tail[p + 1] & 0xffff);
  }

  // ---- querying ----

  /** The terms a query word matches, each with its weight: itself 1, longer words it begins, words one slip away. */
  private expansions(word: string, fuzzy: boolean): Map<number, number> {
    const out = new Map<number, number>();
    const exact = this.termIds.get(word);
    if (exact !== undefined) out.set(exact, 1);
    if (word.length >= PREFIX_FROM) {
      for (const id of this.withPrefix(word)) {
        const extra = this.terms[id].length - word.length;
        if (extra > 0)
          out.set(id, Math.max(out.get(id) ?? 0, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * extra)));
      }
    }
    if (fuzzy) {
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

function base64Of(array: Int32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function int32Of(base64: string): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  // Copied into a fresh buffer: a Buffer may sit at an offset of its pool that an Int32Array cannot start at.
  const out = new Int32Array(bytes.length >> 2);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}
