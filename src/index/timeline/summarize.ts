import type { DateRange, TimelineEvent } from '../types.ts';
import { CANDIDATE_RULES, candidatesOf, type Candidate, type SourceArticle } from './candidates.ts';
import type { DayMention } from './date-features.ts';
import { DATE_MODEL, publicationCounts, rankDates, type DateModel } from './select-dates.ts';
import { selectSentences } from './select-sentences.ts';
import { storyWeights } from './story-weights.ts';
import { termCounts } from './terms.ts';
import { expansionTerms } from './topic-terms.ts';

export interface TimelineSummaryOptions {
  /** At most this many days, the most important ones. */
  dates: number;
  /** At most this many sentences a day. */
  sentences: number;
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function inRange(day: string, range: DateRange): boolean {
  if (range.from && day.slice(0, range.from.length) < range.from) return false;
  if (range.to && day.slice(0, range.to.length) > range.to) return false;
  return true;
}

/** What a summary is chosen from: the topic's candidate sentences in range, by day, and the days they mention. */
export interface TimelineInput {
  /** The candidates about the topic (all of them when none names it). */
  candidates: Candidate[];
  /** Each day's candidates, with the next day's leads (news reports yesterday's events). */
  byDay: Map<string, Candidate[]>;
  /** Articles published per day, of the articles read. */
  published: Map<string, number>;
  /** Every day-precision date expression of the articles read. */
  mentions: DayMention[];
}

const DAY = /^\d{4}-\d\d-\d\d$/;

/** The candidates and day evidence of a topic's articles within a range. */
export function timelineInput(articles: readonly SourceArticle[], topic: string, range: DateRange): TimelineInput {
  const read = articles.filter((a) => !a.date || inRange(a.date, range));
  // Sentences that name the topic (any of its words, or of the words its story is told with), as news-tls filters by
  // keyword: an article about Haftar's visit also tells of migrants rescued that week. A topic no sentence names
  // keeps them all.
  const topicTerms = [...termCounts(topic).keys()];
  const all = read.flatMap(candidatesOf).filter((c) => inRange(c.date, range));
  const terms = all.map((c) => termCounts(c.text));
  const names = (words: readonly string[]) => terms.map((t) => words.some((w) => t.has(w)));
  const naming = names(topicTerms);
  const about = naming.some(Boolean) ? names([...topicTerms, ...expansionTerms(terms, naming, topicTerms)]) : null;
  const candidates = about ? all.filter((_, i) => about[i]) : all;
  const byDay = new Map<string, Candidate[]>();
  const add = (day: string, c: Candidate) => {
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day)!.push(c);
  };
  for (const c of candidates) add(c.date, c);
  // The next day's leads report the day's events too ("PUBCOUNT reads d and d + 1"): sentences for it, not votes.
  if (CANDIDATE_RULES.nextDayLeads) {
    for (const c of candidates)
      if (c.dateFrom === 'published' && inRange(dayBefore(c.date), range))
        add(dayBefore(c.date), { ...c, date: dayBefore(c.date) });
  }
  const mentions: DayMention[] = [];
  for (const a of read) {
    for (const s of a.statements)
      if (s.explicit && s.precision === 'day' && s.date && DAY.test(s.date))
        mentions.push({ day: s.date, articleId: a.id, articleDate: a.date });
  }
  return { candidates, byDay, published: publicationCounts(read.map((a) => a.date)), mentions };
}

/**
 * A summarised timeline of a topic's articles: the days the corpus says most about (published that day, referred
 * back to later), each with its most central sentences, no sentence repeating another; in chronological order.
 * `model` ranks the days (the learned DATE_MODEL unless another is given: the evaluation's leave-one-topic-out runs).
 */
export function summarizeTimeline(
  articles: readonly SourceArticle[],
  topic: string,
  range: DateRange,
  options: TimelineSummaryOptions,
  model: DateModel = DATE_MODEL,
): TimelineEvent[] {
  const { candidates, byDay, published, mentions } = timelineInput(articles, topic, range);
  const ranked = rankDates(candidates, published, mentions, model, byDay.keys());
  const topicWords = topic.split(/\s+/).filter(Boolean);
  // Days are filled best first: a day whose every sentence repeats a better day's gives way to the next one.
  const weights = storyWeights(candidates);
  const chosen = selectSentences(
    ranked.map((d) => d.date),
    byDay,
    Math.max(1, options.sentences),
    topicWords,
    Math.max(0, options.dates),
    weights,
  );
  return [...chosen.keys()].sort().flatMap((day) =>
    chosen.get(day)!.map((c) => ({
      date: c.date,
      precision: 'day' as const,
      text: c.text,
      articleId: c.articleId,
      articleTitle: c.articleTitle,
      articleDate: c.articleDate,
      dateFrom: c.dateFrom,
    })),
  );
}

/**
 * The key days of a timeline already listed (chat, when there are many): the same ranking and sentence choice,
 * on its own day-precision events only, so it costs what the list cost. Chronological.
 */
export function keyEvents(
  events: readonly TimelineEvent[],
  topic: string,
  options: TimelineSummaryOptions,
): TimelineEvent[] {
  const dayEvents = events.filter((e) => e.date && e.precision === 'day');
  // `sentence` holds the event's index in dayEvents, to hand back the very events chosen.
  const candidates: Candidate[] = dayEvents.map((e, sentence) => ({
    date: e.date!,
    text: e.text,
    articleId: e.articleId,
    articleTitle: e.articleTitle,
    articleDate: e.articleDate,
    dateFrom: e.dateFrom,
    sentence,
  }));
  const byDay = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (!byDay.has(c.date)) byDay.set(c.date, []);
    byDay.get(c.date)!.push(c);
  }
  const published = publicationCounts([...new Map(events.map((e) => [e.articleId, e.articleDate])).values()]);
  const ranked = rankDates(candidates, published);
  const topicWords = topic.split(/\s+/).filter(Boolean);
  const chosen = selectSentences(
    ranked.map((d) => d.date),
    byDay,
    Math.max(1, options.sentences),
    topicWords,
    Math.max(0, options.dates),
    storyWeights(candidates),
  );
  const keep = [...chosen.values()].flat().map((c) => c.sentence);
  return keep.sort((a, b) => a - b).map((i) => dayEvents[i]);
}
