import type { Candidate } from './candidates.ts';
import { DATE_MODEL, type DateModel } from './date-model.ts';
import { candidateMentions, DAY_FEATURES, dayFeatures, type DayMention } from './date-features.ts';

export { DATE_MODEL, type DateModel };

export interface DateScore {
  date: string;
  score: number;
}

/**
 * A day's score: its features weighed by the model. Linear in counts, so a timeline of 3 articles a day and one of
 * 100 are ordered alike (scaling every count of a timeline by one factor keeps its order).
 */
export function scoreDay(features: readonly number[], model: DateModel): number {
  let score = 0;
  DAY_FEATURES.forEach((name, i) => (score += (model.weights[name] ?? 0) * features[i]));
  return score;
}

/**
 * Scores every day the candidates fall on (and `extraDays`) by what the corpus says about it (`DAY_FEATURES`
 * weighed by `model`); best first, the earlier day on ties. Without `mentions`, the candidates' own dates are the
 * mentions.
 */
export function rankDates(
  candidates: readonly Candidate[],
  published: ReadonlyMap<string, number>,
  mentions: readonly DayMention[] = candidateMentions(candidates),
  model: DateModel = DATE_MODEL,
  extraDays: Iterable<string> = [],
): DateScore[] {
  const scored = [...dayFeatures(candidates, published, mentions, extraDays)].map(([date, xs]) => ({
    date,
    score: scoreDay(xs, model),
  }));
  return scored.sort((a, b) => b.score - a.score || (a.date < b.date ? -1 : 1));
}

/** Publication counts per day of the articles read. */
export function publicationCounts(dates: Iterable<string | null>): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of dates) if (d) out.set(d.slice(0, 10), (out.get(d.slice(0, 10)) ?? 0) + 1);
  return out;
}
