import { coreWords, editDistance, nameWords, phoneticKey, stripAccents } from '../understanding/names.ts';
import { deletions } from './resolve.ts';

/**
 * Finds entities by what a person types: any alias, any word of one, forgiving case, accents, "al-" particles,
 * one slip per word ("serraj", "marcon") and transliteration variants, ranked by how much the articles say of each.
 */
export interface NameEntry {
  id: number;
  mentions: number;
  /** Every name the entity goes by (canonical first). */
  names: string[];
}

export interface NameHit {
  id: number;
  score: number;
  exact: boolean;
}

const PARTICLES = new Set(['al', 'el', 'the', 'of']);

export class NamesIndex {
  private readonly entries = new Map<number, NameEntry>();
  /** word -> entity ids having a name with that word */
  private readonly byWord = new Map<string, Set<number>>();
  /** a word and its one-letter deletions -> words (typos) */
  private readonly deletionIndex = new Map<string, Set<string>>();
  private readonly byPhonetic = new Map<string, Set<string>>();
  /** whole normalised names -> entity ids */
  private readonly byName = new Map<string, Set<number>>();
  private sortedWords: string[] | null = null;

  add(entry: NameEntry): void {
    this.entries.set(entry.id, entry);
    for (const name of entry.names) {
      const words = queryWords(name);
      if (words.length === 0) continue;
      addTo(this.byName, words.join(' '), entry.id);
      for (const w of words) {
        if (!this.byWord.has(w)) {
          this.sortedWords = null;
          for (const d of deletions(w)) addTo(this.deletionIndex, d, w);
          if (w.length >= 4) addTo(this.byPhonetic, phoneticKey(w), w);
        }
        addTo(this.byWord, w, entry.id);
      }
    }
  }

  /** Forgets an entity (merged into another, or rebuilt). Words stay in the typo indexes: harmless, and rare. */
  remove(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const name of entry.names) {
      const words = queryWords(name);
      this.byName.get(words.join(' '))?.delete(id);
      for (const w of words) this.byWord.get(w)?.delete(id);
    }
  }

  entry(id: number): NameEntry | undefined {
    return this.entries.get(id);
  }

  /** Best matches for a typed name: exact names first, then all-words matches, then fuzzy ones. */
  lookup(query: string, limit = 5): NameHit[] {
    const hits = this.lookupWords(queryWords(query), limit);
    if (hits.length) return hits;
    // "General Haftar", "Dr Muscat": the title is not part of the name.
    const core = coreWords(query).filter((w) => !PARTICLES.has(w));
    return core.length && core.join(' ') !== queryWords(query).join(' ') ? this.lookupWords(core, limit) : [];
  }

  private lookupWords(words: string[], limit: number): NameHit[] {
    if (words.length === 0) return [];
    const scores = new Map<number, { score: number; exact: boolean }>();
    const whole = this.byName.get(words.join(' '));
    for (const id of whole ?? []) scores.set(id, { score: 100, exact: true });
    const perWord = words.map((w) => this.wordMatches(w));
    // An entity matches when every word of the query matches a word of one of its names.
    const [first, ...rest] = perWord;
    for (const [id, q0] of first) {
      let quality = q0;
      let ok = true;
      for (const m of rest) {
        const q = m.get(id);
        if (q === undefined) {
          ok = false;
          break;
        }
        quality += q;
      }
      if (!ok) continue;
      const avg = quality / words.length;
      const prev = scores.get(id);
      const score = 50 * avg;
      if (!prev || prev.score < score) scores.set(id, { score: Math.max(prev?.score ?? 0, score), exact: prev?.exact ?? avg === 1 });
    }
    const ranked = [...scores].map(([id, s]) => ({ id, exact: s.exact, score: s.score + Math.log2(1 + (this.entries.get(id)?.mentions ?? 0)) }));
    // Ties go to the entity read first, so that a restored index ranks exactly as the one it was saved from.
    ranked.sort((a, b) => b.score - a.score || a.id - b.id);
    return ranked.slice(0, limit);
  }

  /** Entities whose names have a word starting with the prefix (autocomplete), most mentioned first; typos as fallback. */
  complete(prefix: string, limit: number): NameHit[] {
    const words = queryWords(prefix);
    if (words.length === 0) return [...this.entries.values()].sort((a, b) => b.mentions - a.mentions).slice(0, limit).map((e) => ({ id: e.id, score: e.mentions, exact: true }));
    const last = words[words.length - 1];
    const sorted = (this.sortedWords ??= [...this.byWord.keys()].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < last) lo = mid + 1;
      else hi = mid;
    }
    const found = new Map<number, number>();
    for (let i = lo; i < sorted.length && sorted[i].startsWith(last) && i - lo < 2000; i++) {
      for (const id of this.byWord.get(sorted[i]) ?? []) found.set(id, 1);
    }
    const earlier = words.slice(0, -1).map((w) => this.wordMatches(w));
    const hits: NameHit[] = [];
    for (const id of found.keys()) {
      if (earlier.every((m) => m.has(id))) hits.push({ id, exact: true, score: 100 + Math.log2(1 + (this.entries.get(id)?.mentions ?? 0)) });
    }
    if (hits.length < limit) {
      for (const h of this.lookup(prefix, limit)) if (!hits.some((x) => x.id === h.id)) hits.push({ ...h, score: h.score });
    }
    return hits.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, limit);
  }

  /** Entity ids with a word matching w, with a quality in (0, 1]: 1 exact, less for slips. */
  private wordMatches(w: string): Map<number, number> {
    const out = new Map<number, number>();
    const give = (word: string, q: number) => {
      for (const id of this.byWord.get(word) ?? []) if ((out.get(id) ?? 0) < q) out.set(id, q);
    };
    give(w, 1);
    if (w.length >= 4) {
      const similar = new Set<string>();
      for (const d of deletions(w)) for (const cand of this.deletionIndex.get(d) ?? []) similar.add(cand);
      for (const cand of this.byPhonetic.get(phoneticKey(w)) ?? []) similar.add(cand);
      for (const cand of similar) {
        if (cand === w) continue;
        const dist = editDistance(w, cand, 2);
        if (dist <= 2) give(cand, dist <= 1 ? 0.8 : 0.6);
      }
    }
    return out;
  }
}

/** The words a name is matched by: lower case, no accents, no particles ("al-Sarraj" -> ["sarraj"]). */
export function queryWords(text: string): string[] {
  const words = nameWords(stripAccents(text));
  const kept = words.filter((w) => !PARTICLES.has(w));
  return kept.length ? kept : words;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
