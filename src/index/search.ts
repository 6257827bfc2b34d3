import MiniSearch from 'minisearch';
import { stripAccents } from '../understanding/names.ts';
import type { SearchHit } from './types.ts';

/** Ranked full-text search (BM25 via MiniSearch) with a highlighted snippet around the best passage. */

interface Doc {
  id: string;
  title: string;
  body: string;
}

const STOP = new Set('a an and are as at be by for from has have he her his in is it its of on or that the to was were will with'.split(' '));

export const normalizeTerm = (term: string): string | null => {
  const t = stripAccents(term).toLowerCase();
  return t.length < 2 || STOP.has(t) ? null : t;
};

const OPTIONS = {
  fields: ['title', 'body'],
  storeFields: [],
  processTerm: normalizeTerm,
  searchOptions: { boost: { title: 2 }, prefix: (t: string) => t.length >= 4, fuzzy: (t: string) => (t.length >= 6 ? 0.2 : false), combineWith: 'AND' as const },
};

export class SearchIndex {
  private readonly mini: MiniSearch<Doc>;

  /** A new index, or one restored from toJSON()'s output (a snapshot): loading is several times faster than indexing. */
  constructor(state?: unknown) {
    this.mini = state ? MiniSearch.loadJS<Doc>(state as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS) : new MiniSearch<Doc>(OPTIONS);
  }

  add(docs: Doc[]): void {
    for (const d of docs) {
      if (this.mini.has(d.id)) this.mini.discard(d.id);
      this.mini.add(d);
    }
  }

  remove(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
  }

  /** Article ids matching all terms (falling back to any term), best first, with the terms that matched. */
  query(text: string, limit: number): { id: string; score: number; terms: string[] }[] {
    let results = this.mini.search(text);
    if (results.length === 0) results = this.mini.search(text, { combineWith: 'OR' });
    return results.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  }

  toJSON(): unknown {
    return this.mini.toJSON();
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
    for (const m of foldedSnippet.matchAll(re)) highlights.push([prefix.length + m.index!, prefix.length + m.index! + m[0].length]);
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return { snippet: prefix + text + suffix, highlights };
}
