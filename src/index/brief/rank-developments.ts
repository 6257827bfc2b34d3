import type { Development } from '../types.ts';
import { rankSentences } from '../timeline/select-sentences.ts';

/** How a brief orders its developments: salience over the window, as a timeline ranks a day's sentences. */
export const DEVELOPMENT_SALIENCE = {
  /** Each doubling of the articles telling a story: a story several outlets tell matters more. */
  toldBy: 1,
  /** Centrality among the window's developments (cosine to their centroid, 0 to 1): what the news is mostly about. */
  central: 2,
};

/**
 * Developments (already merged: one story told by several articles once), most salient first: told by more articles,
 * central to the window. Ties keep the order given (newest first).
 */
export function rankDevelopments<T extends Development>(items: readonly T[]): T[] {
  const ranked = rankSentences(
    items.map((d, sentence) => ({
      date: d.date ?? '',
      text: d.text,
      articleId: d.articleIds[0],
      articleTitle: '',
      articleDate: d.date,
      dateFrom: 'published' as const,
      sentence,
    })),
    [],
  );
  const central = new Map(ranked.map((s) => [s.candidate.sentence, s.score]));
  const score = (d: T, i: number) =>
    DEVELOPMENT_SALIENCE.toldBy * Math.log2(d.articleIds.length) + DEVELOPMENT_SALIENCE.central * (central.get(i) ?? 0);
  return items
    .map((d, i) => ({ d, i, s: score(d, i) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.d);
}
