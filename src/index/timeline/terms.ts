import { stripAccents } from '../../understanding/names.ts';

/** Words too common in news to tell one sentence from another. */
const STOPWORDS = new Set(
  (
    'a an the and or but nor of to in on at for from by with as into onto over under about after before since than then ' +
    'is was were are be been being am has have had do does did will would could should may might must shall can ' +
    'that this these those which who whom whose what when where why how it its he she they them his her their our we ' +
    'you your i me my us not no so if also just said says say told tell according more most some any all other such ' +
    'there here up down out off very one two new last first year years day days week weeks'
  ).split(' '),
);

/** A sentence's content words (lower-cased, accents folded, crude plural folding), with counts. */
export function termCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of stripAccents(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || STOPWORDS.has(raw)) continue;
    const w = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
    out.set(w, (out.get(w) ?? 0) + 1);
  }
  return out;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [w, x] of a) {
    na += x * x;
    const y = b.get(w);
    if (y) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Share of words two sentences have in common (Jaccard over their content words). */
export function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let inter = 0;
  for (const w of a.keys()) if (b.has(w)) inter++;
  const union = a.size + b.size - inter;
  return union ? inter / union : 0;
}
