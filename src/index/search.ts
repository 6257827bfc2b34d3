import { setImmediate as nextTurn } from 'node:timers/promises';
import { analysedPart } from '../understanding/analyze-article.ts';
import { stripAccents } from '../understanding/names.ts';
import { TermIndex, type TermIndexState } from './term-index.ts';
import type { SearchHit } from './types.ts';
import type { TimeSlices } from '../util/time-slices.ts';

/** Ranked full-text search (BM25 over titles and bodies, see term-index.ts) with a highlighted snippet around the best passage. */

interface Doc {
  id: string;
  title: string;
  body: string;
}

const STOP = new Set(
  'a an and are as at be by for from has have he her his in is it its of on or that the to was were will with'.split(
    ' ',
  ),
);

export const normalizeTerm = (term: string): string | null => {
  const t = stripAccents(term).toLowerCase();
  return t.length < 2 || STOP.has(t) ? null : t;
};

export class SearchIndex {
  private loaded: TermIndex | null = new TermIndex(normalizeTerm);
  /** A saved index not loaded yet, and the documents to index instead should it prove unreadable. */
  private saved: { state: () => unknown; docs: () => Doc[]; pool?: () => Int32Array | undefined } | null = null;
  private warming: Promise<void> | null = null;

  /**
   * An index restored from toParts()'s output when first used (or warmed up): a restart can answer what needs no
   * search before the index is loaded. Indexes the documents instead if the state cannot be loaded.
   */
  static fromSaved(state: () => unknown, docs: () => Doc[], pool?: () => Int32Array | undefined): SearchIndex {
    const index = new SearchIndex();
    [index.loaded, index.saved] = [null, { state, docs, pool }];
    return index;
  }

  private get index(): TermIndex {
    this.loaded ??= this.loadSaved();
    return this.loaded;
  }

  private loadSaved(): TermIndex {
    const saved = this.saved!;
    this.saved = null;
    try {
      return TermIndex.fromJSON(saved.state() as TermIndexState, normalizeTerm, saved.pool?.());
    } catch {
      const rebuilt = new SearchIndex();
      rebuilt.add(saved.docs());
      return rebuilt.index;
    }
  }

  /** Loads a saved index soon after the caller goes on (a few hundred ms at 20k articles); a query before that loads it at once. */
  warmUp(): Promise<void> {
    this.warming ??= this.loadInBackground();
    return this.warming;
  }

  private async loadInBackground(): Promise<void> {
    await nextTurn();
    if (this.saved) this.loaded ??= this.loadSaved();
  }

  /** Indexes the part of each body that is understood (analysedPart): 5 MB of one "story" held the main thread 7 s. */
  add(docs: Doc[], freezeWhenDue = true): void {
    for (const d of docs) this.index.add(d.id, d.title, analysedPart(d.body), freezeWhenDue);
  }

  remove(id: string, freezeWhenDue = true): void {
    this.index.remove(id, freezeWhenDue);
  }

  /** Whether the index (if loaded) is due a freeze that add or remove were told to leave (see freezeInSlices). */
  get freezeDue(): boolean {
    return this.loaded?.freezeDue ?? false;
  }

  /** Freezes a loaded index a slice at a time (a saved one not loaded yet has nothing to freeze). */
  async freezeInSlices(slices: TimeSlices): Promise<void> {
    await this.loaded?.freezeInSlices(() => slices.tick());
  }

  /** Article ids matching all terms (falling back to any term), best first, with the terms that matched. */
  query(text: string, limit: number): { id: string; score: number; terms: string[] }[] {
    const results = this.index.search(text, { combineWith: 'and' }, limit);
    return results.length > 0 ? results : this.index.search(text, { combineWith: 'or' }, limit);
  }

  /** The saved form with the postings apart (see TermIndex.toParts). */
  toParts(): { state: unknown; pool: Int32Array } {
    return this.index.toParts();
  }
}

/** The sentence-sized passage of body with the most matched terms, and where they are in it. */
export function snippet(body: string, terms: string[], max = 220): Pick<SearchHit, 'snippet' | 'highlights'> {
  const folded = stripAccents(body).toLowerCase();
  const positions: [number, number][] = [];
  for (const term of new Set(terms)) {
    const re = new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\w*`, 'g');
    for (const m of folded.matchAll(re)) positions.push([m.index!, m.index! + m[0].length]);
  }
  positions.sort((a, b) => a[0] - b[0]);
  let bestStart = 0;
  let bestCount = -1;
  for (const [s] of positions) {
    const count = positions.filter(([p]) => p >= s && p < s + max).length;
    if (count > bestCount) [bestStart, bestCount] = [s, count];
  }
  let start = Math.max(0, body.lastIndexOf(' ', Math.max(0, bestStart - 60)) + 1);
  if (bestStart - start > 80) start = bestStart;
  let end = Math.min(body.length, start + max);
  if (end < body.length) end = Math.max(bestStart + 1, body.lastIndexOf(' ', end));
  const text = body.slice(start, end).replace(/\s+/g, ' ');
  const prefix = start > 0 ? '…' : '';
  const suffix = end < body.length ? '…' : '';
  // Recompute highlight offsets in the whitespace-folded snippet.
  const foldedSnippet = stripAccents(text).toLowerCase();
  const highlights: [number, number][] = [];
  for (const term of new Set(terms)) {
    const re = new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\w*`, 'g');
    for (const m of foldedSnippet.matchAll(re))
      highlights.push([prefix.length + m.index!, prefix.length + m.index! + m[0].length]);
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet: prefix + text + suffix, highlights };
}
