import { grainFor, periodOf, periodsBetween, type Grain } from '../charts/periods.ts';
import type { DateRange, Engine } from './types.ts';

/** How many articles of a keyword (no entity of that name) a trend counts: the best matches of a search. */
export const KEYWORD_ARTICLES = 1000;

export interface TrendPoint {
  period: string;
  count: number;
}

export interface TrendLine {
  /** The entity's name, or the keyword as asked. */
  name: string;
  /** What was asked. */
  query: string;
  /** entity: every article naming it; keyword: the best-matching articles of a search (at most KEYWORD_ARTICLES). */
  kind: 'entity' | 'keyword';
  points: TrendPoint[];
  /** Dates (YYYY-MM-DD) of the counted articles, oldest first. */
  dates: string[];
  /** Articles found but not counted: undated, or dated only to a month or a year. */
  undated: number;
  /** The keyword search stopped at KEYWORD_ARTICLES. */
  capped: boolean;
}

export interface TrendSeries {
  grain: Grain;
  /** Every period of the chart, in order (the points of each line are these, zeros included). */
  periods: string[];
  lines: TrendLine[];
}

/**
 * How many articles mention each name, per day, week or month (from the span): an entity through engine.findEntity
 * (all of its articles), anything else as a keyword through engine.search. Only the engine's public interface.
 *
 * Cost, for a name of k articles on d distinct days over p periods: O(k) to count them by day (their dates come in
 * date order, so the engine's sort is not redone here), O(d) to put the days in periods, O(p) for the points; plus
 * what findEntity costs for that entity (its own mentions), or a search capped at KEYWORD_ARTICLES hits. Nothing
 * here touches the rest of the corpus.
 */
export function trendSeries(engine: Engine, queries: string[], range: DateRange = {}): TrendSeries {
  const found = queries.map((query) => articleDates(engine, query));
  const inRange = found.map((f) => ({ ...f, dates: f.dates.filter((d) => within(d, range)) }));
  const dated = inRange.filter((f) => f.dates.length);
  const first = range.from && /^\d{4}/.test(range.from) ? startOf(range.from) : dated.map((f) => f.dates[0]).sort()[0];
  const last =
    range.to && /^\d{4}/.test(range.to)
      ? endOf(range.to)
      : dated
          .map((f) => f.dates[f.dates.length - 1])
          .sort()
          .pop();
  if (!first || !last || first > last) {
    return { grain: 'day', periods: [], lines: inRange.map((f) => ({ ...f, points: [] })) };
  }
  const grain = grainFor(first, last);
  const periods = periodsBetween(first, last, grain);
  const lines = inRange.map((f) => {
    const counts = new Map<string, number>();
    for (const [day, n] of countByDay(f.dates)) {
      const period = periodOf(day, grain);
      counts.set(period, (counts.get(period) ?? 0) + n);
    }
    return { ...f, points: periods.map((period) => ({ period, count: counts.get(period) ?? 0 })) };
  });
  return { grain, periods, lines };
}

/** Articles per day: many articles share a day, so a period is worked out once a day, not once an article. */
export function countByDay(dates: string[]): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const d of dates) byDay.set(d, (byDay.get(d) ?? 0) + 1);
  return byDay;
}

function articleDates(engine: Engine, query: string): Omit<TrendLine, 'points'> {
  // The entity's articles without its profile (roles, quotes: hundreds of analyses read at 200k).
  const entity = engine.entityArticles(query);
  const articles = entity
    ? entity.articles
    : engine.search(query, KEYWORD_ARTICLES).map((h) => ({ id: h.articleId, date: h.date }));
  const seen = new Set<string>();
  const dates: string[] = [];
  let undated = 0;
  for (const a of articles) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    if (a.date && /^\d{4}-\d{2}-\d{2}/.test(a.date)) dates.push(a.date.slice(0, 10));
    else undated++;
  }
  // The engine lists an entity's articles in date order already (then this sort is one pass); search hits by score.
  dates.sort();
  return {
    name: entity?.name ?? query,
    query,
    kind: entity ? 'entity' : 'keyword',
    dates,
    undated,
    capped: !entity && articles.length >= KEYWORD_ARTICLES,
  };
}

/** Whether a day is within an inclusive range of ISO prefixes ("2019", "2019-05", "2019-05-27"). */
function within(date: string, range: DateRange): boolean {
  if (range.from && date.slice(0, range.from.length) < range.from) return false;
  if (range.to && date.slice(0, range.to.length) > range.to) return false;
  return true;
}

function startOf(prefix: string): string {
  return [prefix.slice(0, 4), prefix.slice(5, 7) || '01', prefix.slice(8, 10) || '01'].join('-');
}

function endOf(prefix: string): string {
  if (prefix.length >= 10) return prefix.slice(0, 10);
  const y = +prefix.slice(0, 4);
  const m = prefix.length >= 7 ? +prefix.slice(5, 7) : 12;
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
