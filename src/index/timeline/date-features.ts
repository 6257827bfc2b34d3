import type { Candidate } from './candidates.ts';

/** A sentence naming a day by its own words (a day-precision date expression), and the article it is in. */
export interface DayMention {
  day: string;
  articleId: string;
  /** The article's publication day, or null. */
  articleDate: string | null;
}

/**
 * What the corpus says about a day, the signals of DATEWISE (Gholipour Ghalandari & Ifrim 2020) and Tran et al.
 * (2013), each a name and how it is computed; `dayFeatures` gives them in this order.
 */
export const DAY_FEATURES = [
  /** Articles published on the day: the news of that day. */
  'published',
  /** Articles published the next day: news reports yesterday's events. */
  'publishedNext',
  /** Later articles naming the day: the events people refer back to are the turning points. */
  'laterArticles',
  /** Sentences of later articles naming the day. */
  'laterSentences',
  /** Earlier articles naming the day: an announced hearing, a planned launch. */
  'earlierArticles',
  /** Sentences of the day's own articles naming it ("on Tuesday" the day it happened). */
  'sameDaySentences',
  /** Later articles referring back to it with a sentence about the topic (the timeline's candidates). */
  'laterTopicArticles',
  /** The day's candidates: sentences about the topic that tell of it. */
  'topicSentences',
  /** Articles published on the day that lead with the topic: the day's news about it, not the day's news. */
  'topicPublished',
  /** How far later articles look back to it: log(1 + days) summed; a day still recalled weeks later mattered. */
  'recallSpan',
  /** Publication burst: the day's articles beyond the mean of the week either side (0 when not above it). */
  'burst',
] as const;

export type DayFeature = (typeof DAY_FEATURES)[number];

/** The mentions the candidates themselves make (those dated by their own words): when no other mentions are known. */
export function candidateMentions(candidates: readonly Candidate[]): DayMention[] {
  return candidates
    .filter((c) => c.dateFrom === 'text')
    .map((c) => ({ day: c.date, articleId: c.articleId, articleDate: c.articleDate }));
}

/** The half-width, in days, of the window a burst is measured against. */
const BURST_WINDOW = 7;

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/**
 * The raw features of each day the candidates fall on (and of `extraDays`), in DAY_FEATURES order. Linear in the candidates, the mentions
 * and the days (the burst window is a fixed 15 days a day): bounded by the timeline's own articles.
 */
export function dayFeatures(
  candidates: readonly Candidate[],
  published: ReadonlyMap<string, number>,
  mentions: readonly DayMention[],
  extraDays: Iterable<string> = [],
): Map<string, number[]> {
  const days = new Set([...candidates.map((c) => c.date), ...extraDays]);
  const laterDocs = new Map<string, Set<string>>();
  const earlierDocs = new Map<string, Set<string>>();
  const laterSents = new Map<string, number>();
  const sameSents = new Map<string, number>();
  const span = new Map<string, number>();
  for (const m of mentions) {
    if (!days.has(m.day) || !m.articleDate) continue;
    const at = m.articleDate.slice(0, 10);
    if (at > m.day) {
      if (!laterDocs.has(m.day)) laterDocs.set(m.day, new Set());
      const docs = laterDocs.get(m.day)!;
      if (!docs.has(m.articleId)) bump(span, m.day, Math.log1p(dayNumber(at) - dayNumber(m.day)));
      docs.add(m.articleId);
      bump(laterSents, m.day);
    } else if (at < m.day) {
      if (!earlierDocs.has(m.day)) earlierDocs.set(m.day, new Set());
      earlierDocs.get(m.day)!.add(m.articleId);
    } else bump(sameSents, m.day);
  }
  const topicLater = new Map<string, Set<string>>();
  const topicSents = new Map<string, number>();
  const topicPub = new Map<string, Set<string>>();
  for (const c of candidates) {
    bump(topicSents, c.date);
    if (c.dateFrom === 'published') {
      if (!topicPub.has(c.date)) topicPub.set(c.date, new Set());
      topicPub.get(c.date)!.add(c.articleId);
    }
    if (c.dateFrom === 'text' && c.articleDate && c.articleDate.slice(0, 10) > c.date) {
      if (!topicLater.has(c.date)) topicLater.set(c.date, new Set());
      topicLater.get(c.date)!.add(c.articleId);
    }
  }
  const pubAt = (n: number) => published.get(new Date(n * DAY_MS).toISOString().slice(0, 10)) ?? 0;
  const out = new Map<string, number[]>();
  for (const day of days) {
    const n = dayNumber(day);
    let around = 0;
    for (let k = 1; k <= BURST_WINDOW; k++) around += pubAt(n - k) + pubAt(n + k);
    const pub = published.get(day) ?? 0;
    out.set(day, [
      pub,
      pubAt(n + 1),
      laterDocs.get(day)?.size ?? 0,
      laterSents.get(day) ?? 0,
      earlierDocs.get(day)?.size ?? 0,
      sameSents.get(day) ?? 0,
      topicLater.get(day)?.size ?? 0,
      topicSents.get(day) ?? 0,
      topicPub.get(day)?.size ?? 0,
      span.get(day) ?? 0,
      Math.max(0, pub - around / (2 * BURST_WINDOW)),
    ]);
  }
  return out;
}
