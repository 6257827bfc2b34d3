import type { Candidate } from './candidates.ts';

/** How much the corpus says about a day: the signals of DATEWISE (Ghalandari & Ifrim 2020) and Tran et al. (2013). */
export const DATE_SIGNALS = {
  /** Each article published on the day: the news of that day. */
  published: 1,
  /** Each later article that names the day in a sentence: the events people refer back to are the turning points. */
  referredBack: 2,
  /** Each sentence of the day's own articles that names it ("on Tuesday" the day it happened). */
  namedSameDay: 0.1,
};

export interface DateScore {
  date: string;
  score: number;
}

/** Scores every day the candidates fall on; best first (earlier day on ties). */
export function rankDates(candidates: readonly Candidate[], published: ReadonlyMap<string, number>): DateScore[] {
  const referredBy = new Map<string, Set<string>>();
  const namedSame = new Map<string, number>();
  const days = new Set<string>();
  for (const c of candidates) {
    days.add(c.date);
    if (c.dateFrom !== 'text') continue;
    if (c.articleDate && c.articleDate > c.date) {
      if (!referredBy.has(c.date)) referredBy.set(c.date, new Set());
      referredBy.get(c.date)!.add(c.articleId);
    } else namedSame.set(c.date, (namedSame.get(c.date) ?? 0) + 1);
  }
  const scored = [...days].map((date) => ({
    date,
    score:
      DATE_SIGNALS.published * (published.get(date) ?? 0) +
      DATE_SIGNALS.referredBack * (referredBy.get(date)?.size ?? 0) +
      DATE_SIGNALS.namedSameDay * (namedSame.get(date) ?? 0),
  }));
  return scored.sort((a, b) => b.score - a.score || (a.date < b.date ? -1 : 1));
}

/** Publication counts per day of the articles read. */
export function publicationCounts(dates: Iterable<string | null>): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of dates) if (d) out.set(d.slice(0, 10), (out.get(d.slice(0, 10)) ?? 0) + 1);
  return out;
}
