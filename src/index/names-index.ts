import { coreWords, editDistance, nameWords, phoneticKey, stripAccents } from '../understanding/names.ts';

/**
 * Finds entities by what a person types: any alias, any word of one, forgiving case, accents, "al-" particles,
 * one slip per word ("serraj", "marcon") and transliteration variants, ranked by how much the articles say of each.
 */
export interface NameEntry {
  id: number;
  mentions: number;
  /** Every name the entity goes by (canonical first). */
  names: string[];
  /** Each name as it is matched: its queryWords joined by spaces ('' for none). Computed when not given. */
  keys?: string[];
}

export interface NameHit {
  id: number;
  score: number;
  exact: boolean;
}

const PARTICLES = new Set(['al', 'el', 'the', 'of']);

/**
 * Lists rather than sets, and typo candidates found by scanning the words of about the same length rather than
 * through an index of every word's deletions: a restart builds this for every entity, and must be quick about it.
 */
export class NamesIndex {
  private readonly entries = new Map<number, NameEntry & { keys: string[] }>();
  /** word -> entity ids having a name with that word */
  private readonly byWord = new Map<string, number[]>();
  /** length -> words of that length (typo candidates) */
  private readonly byLength = new Map<number, string[]>();
  private readonly byPhonetic = new Map<string, string[]>();
  /** whole normalised names -> entity ids */
  private readonly byName = new Map<string, number[]>();
  private sortedWords: string[] | null = null;

  add(entry: NameEntry): void {
    const keys = entry.keys ?? entry.names.map((name) => queryWords(name).join(' '));
    this.entries.set(entry.id, { ...entry, keys });
    for (const key of keys) {
      if (!key) continue;
      addTo(this.byName, key, entry.id);
      for (const w of key.split(' ')) {
        if (!this.byWord.has(w)) this.addWord(w);
        addTo(this.byWord, w, entry.id);
      }
    }
  }

  private addWord(w: string): void {
    this.sortedWords = null;
    addTo(this.byLength, w.length, w);
    const key = w.length >= 4 ? phoneticKey(w) : '';
    if (key) addTo(this.byPhonetic, key, w);
  }

  /** Forgets an entity (merged into another, or rebuilt). Words stay in the typo indexes: harmless, and rare. */
  remove(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const key of entry.keys) {
      if (!key) continue;
      removeFrom(this.byName.get(key), id);
      for (const w of key.split(' ')) removeFrom(this.byWord.get(w), id);
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
      if (!prev || prev.score < score)
        scores.set(id, { score: Math.max(prev?.score ?? 0, score), exact: prev?.exact ?? avg === 1 });
    }
    const ranked = [...scores].map(([id, s]) => ({
      id,
      exact: s.exact,
      score: s.score + Math.log2(1 + (this.entries.get(id)?.mentions ?? 0)),
    }));
    // Ties go to the entity read first, so that a restored index ranks exactly as the one it was saved from.
    ranked.sort((a, b) => b.score - a.score || a.id - b.id);
    return ranked.slice(0, limit);
  }

  /** Entities whose names have a word starting with the prefix (autocomplete), most mentioned first; typos as fallback. */
  complete(prefix: string, limit: number): NameHit[] {
    const words = queryWords(prefix);
    if (words.length === 0)
      return [...this.entries.values()]
        .sort((a, b) => b.mentions - a.mentions)
        .slice(0, limit)
        .map((e) => ({ id: e.id, score: e.mentions, exact: true }));
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
      if (earlier.every((m) => m.has(id)))
        hits.push({ id, exact: true, score: 100 + Math.log2(1 + (this.entries.get(id)?.mentions ?? 0)) });
    }
    if (hits.length < limit) {
      for (const h of this.lookup(prefix, limit))
        if (!hits.some((x) => x.id === h.id)) hits.push({ ...h, score: h.score });
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
      for (let length = w.length - 1; length <= w.length + 1; length++) {
        for (const cand of this.byLength.get(length) ?? []) if (shareDeletion(w, cand)) similar.add(cand);
      }
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

/**
 * Whether the two words, or they with one letter deleted, meet ("sarraj"/"serraj", "hafta"/"haftar"): the typo
 * candidates of a symmetric-deletion index, worked out for one pair.
 */
export function shareDeletion(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let prefix = 0;
  while (prefix < b.length && a[prefix] === b[prefix]) prefix++;
  if (a.length > b.length) return shifted(a, b, prefix, b.length);
  if (prefix === a.length) return true;
  let suffix = 0;
  while (a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  // The words differ first at prefix and last at lastDiffering: one letter out of each must close that span.
  const lastDiffering = a.length - 1 - suffix;
  return prefix === lastDiffering || shifted(a, b, prefix, lastDiffering) || shifted(b, a, prefix, lastDiffering);
}

/** Whether a[k + 1] = b[k] for every k in [from, to): a without its letter at from lines up with b there. */
function shifted(a: string, b: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (a[k + 1] !== b[k]) return false;
  return true;
}

/** Adds to a list once; one entry's values come one after another, so checking the last one keeps it unique. */
function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

function removeFrom<V>(list: V[] | undefined, value: V): void {
  const at = list?.indexOf(value) ?? -1;
  if (at >= 0) list!.splice(at, 1);
}
