import type { EntityMention, EntityType, Token } from './types.ts';
import { TITLES, coreWords, editDistance, initials, nameKey, similarWord } from './names.ts';

/**
 * In-document resolution: the mentions of one article grouped into the entities they name.
 * "General Khalifa Haftar", "Haftar" and the slip "Hafta" become one person; "Libyan National Army (LNA)"
 * and "LNA" one organization. Runs before cross-document resolution, which merges these local entities.
 */

export interface CleanMention {
  text: string;
  type: EntityType;
  start: number;
  end: number;
  /** Where the mention's span began before a title was stripped ("General" in "General Haftar"). */
  spanStart: number;
}

export interface LocalCluster {
  type: EntityType;
  name: string;
  forms: Set<string>;
  acronym?: string;
  mentions: CleanMention[];
}

const TITLE_PREFIX = new RegExp(`^(?:(?:${TITLES.map((t) => t.replace(/ /g, '\\s+')).join('|')})\\.?\\s+)+`, 'i');

/** Strips titles and honorifics from a person's span. */
export function cleanMention(m: EntityMention): CleanMention | null {
  if (m.type === 'misc' || m.text.includes('\n')) return null;
  let { text, start } = m;
  const spanStart = start;
  const end = m.end;
  const strip = (re: RegExp) => {
    const r = re.exec(text);
    if (r && r[0].length < text.length) {
      start += r[0].length;
      text = text.slice(r[0].length);
    }
  };
  // The tagger's spans follow the news convention ("The Hague" keeps its article, "Lord's" its 's); only a title
  // before a person's name is taken off, so that "General Haftar" and "Haftar" are one form.
  if (m.type === 'person') strip(TITLE_PREFIX);
  if (!/\p{L}/u.test(text)) return null;
  return { text, type: m.type, start, end, spanStart };
}

const lastWord = (words: string[]) => words[words.length - 1];

/** Whether a shorter person name refers to a fuller one: "Haftar"/"Hafta" to "Khalifa Haftar", "Khalifa Hafta" to it too. */
export function personNameFits(short: string[], full: string[]): boolean {
  if (short.length === 0 || short.length > full.length) return false;
  if (short.length === 1)
    return similarWord(short[0], lastWord(full)) || (full.length > 2 && similarWord(short[0], full[full.length - 2]));
  if (short.length === full.length) return short.every((w, i) => similarWord(w, full[i])) && short[0] === full[0];
  return similarWord(short[0], full[0]) && similarWord(lastWord(short), lastWord(full));
}

export function clusterMentions(mentions: CleanMention[]): LocalCluster[] {
  const clusters: LocalCluster[] = [];
  const byKey = new Map<string, LocalCluster>();
  const add = (m: CleanMention, c: LocalCluster) => {
    c.mentions.push(m);
    c.forms.add(m.text);
  };
  // Fuller names first, so that short forms find the person they abbreviate.
  const ordered = [...mentions].sort(
    (a, b) => coreWords(b.text).length - coreWords(a.text).length || a.start - b.start,
  );
  for (const m of ordered) {
    const key = `${m.type}:${nameKey(m.text)}`;
    const same = byKey.get(key);
    if (same) {
      add(m, same);
      continue;
    }
    const words = coreWords(m.text);
    let target: LocalCluster | undefined;
    if (m.type === 'person') {
      const fits = clusters.filter((c) => c.type === 'person' && personNameFits(words, coreWords(c.name)));
      // Two people of one surname in an article: the nearer one before this mention.
      target = fits.length <= 1 ? fits[0] : nearestBefore(fits, m.start);
    }
    if (!target) {
      target = { type: m.type, name: m.text, forms: new Set(), mentions: [] };
      clusters.push(target);
    }
    byKey.set(key, target);
    add(m, target);
  }
  return clusters;
}

function nearestBefore(candidates: LocalCluster[], offset: number): LocalCluster {
  let best = candidates[0];
  let bestAt = -1;
  for (const c of candidates) {
    const at = Math.max(-1, ...c.mentions.filter((x) => x.start < offset).map((x) => x.start));
    if (at > bestAt) [best, bestAt] = [c, at];
  }
  return best;
}

/**
 * Acronyms: "Libyan National Army (LNA)" defines LNA; an organisation named by its initials elsewhere in the
 * article ("GNA" beside "Government of National Accord") is the same body.
 */
export function linkAcronyms(text: string, clusters: LocalCluster[]): void {
  const orgs = clusters.filter((c) => c.type === 'organization' || c.type === 'place');
  for (const c of orgs) {
    for (const m of c.mentions) {
      const def = /^\s*\((\p{Lu}[\p{Lu}\d&+.-]{1,9})\)/u.exec(text.slice(m.end, m.end + 14));
      if (def && isAcronymOf(def[1], c.name)) c.acronym = def[1].replace(/\./g, '');
    }
  }
  for (const long of orgs) {
    const acr = long.acronym ?? (coreWords(long.name).length >= 2 ? initials(long.name) : '');
    if (acr.length < 2) continue;
    for (const short of orgs) {
      if (short === long || short.mentions.length === 0) continue;
      if (short.name.replace(/\./g, '') === acr && (long.acronym || isAcronymOf(short.name, long.name))) {
        long.acronym = acr;
        for (const m of short.mentions) {
          long.mentions.push(m);
          long.forms.add(m.text);
        }
        short.mentions = [];
      }
    }
  }
}

/** "LNA" for "Libyan National Army", "GNA" for "Government of National Accord", "UN" for "United Nations". */
export function isAcronymOf(acronym: string, name: string): boolean {
  const a = acronym.replace(/[.\s]/g, '').toUpperCase();
  if (a.length < 2) return false;
  const caps = initials(name).toUpperCase();
  if (caps === a) return true;
  const all = name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('');
  return all === a;
}

/**
 * Recall from the document itself: a capitalised token that spells (or misspells by one letter) the surname of a
 * person named in full elsewhere in the article is a mention of that person, even where the tagger missed it.
 */
export function recoverPersonMentions(
  text: string,
  tokens: Token[],
  clusters: LocalCluster[],
  sentenceStarts: Set<number>,
): CleanMention[] {
  const surnames = new Map<string, LocalCluster>();
  for (const c of clusters) {
    if (c.type !== 'person') continue;
    const words = coreWords(c.name);
    if (words.length >= 2 && lastWord(words).length >= 4) surnames.set(lastWord(words), c);
  }
  if (surnames.size === 0) return [];
  const covered = new Set<number>();
  for (const c of clusters) for (const m of c.mentions) for (let i = m.spanStart; i < m.end; i++) covered.add(i);
  const found: CleanMention[] = [];
  tokens.forEach((t, i) => {
    if (!/^\p{Lu}\p{Ll}{3,}$/u.test(t.text) || covered.has(t.start)) return;
    const w = t.text.toLowerCase();
    for (const [surname, c] of surnames) {
      const exact = w === surname;
      // A one-letter slip ("Marcon" for "Macron") only mid-sentence, where capitals mean a name.
      if (!exact && (sentenceStarts.has(i) || w.length < 5 || editDistance(w, surname, 1) > 1)) continue;
      const m: CleanMention = { text: t.text, type: 'person', start: t.start, end: t.end, spanStart: t.start };
      c.mentions.push(m);
      c.forms.add(t.text);
      found.push(m);
      return;
    }
  });
  return found;
}
