import { formatDate, plural } from '../src/briefing/format.ts';
import type { BriefingItem } from '../src/briefing/types.ts';
import { drawChart } from '../src/charts/chart-thread.ts';
import { periodOf, periodStart, type Grain } from '../src/charts/periods.ts';
import { trendChartInput } from '../src/charts/trend-input.ts';
import { DATE_RANGE_OPTIONS, rangeText } from '../src/commands/date-range.ts';
import { UsageError, type CommandDefinition } from '../src/commands/types.ts';
import {
  countByDay,
  KEYWORD_ARTICLES,
  trendSeries,
  type TrendLine,
  type TrendSeries,
} from '../src/index/trend-series.ts';

/** At most this many names on one chart (more lines cannot be told apart). */
const MAX_NAMES = 5;
const MAX_NAME_LENGTH = 80;

/** /trend NAME [NAME ...] [from DATE] [to DATE]: how often each name appears over time, as a chart and a summary. */
const trend: CommandDefinition = {
  name: 'trend',
  description: 'How often names or topics appear over time, as a chart',
  options: [
    {
      name: 'names',
      description: 'Names or topics, separated by spaces (or commas for names of several words)',
      required: true,
      rest: true,
      autocomplete: 'entity',
    },
    ...DATE_RANGE_OPTIONS,
  ],
  examples: ['trend haftar sarraj', 'trend khalifa haftar, malta from 2019'],
  run({ names, from, to }, { engine }) {
    const queries = splitNames(names ?? '');
    const series = trendSeries(engine, queries, { from, to });
    const data = {
      command: 'trend',
      grain: series.grain,
      series: series.lines.map(({ name, query, kind, points, undated }) => ({ name, query, kind, points, undated })),
    };
    const title = `Trend: ${series.lines.map((l) => l.name).join(', ')}${rangeText(from, to)}`;
    const notes = series.lines.flatMap(lineNotes);
    if (series.lines.every((l) => l.dates.length === 0)) {
      return {
        data,
        briefing: {
          title,
          sections: [],
          citations: {},
          note: [
            `No dated articles mention ${queries.map((q) => `“${q}”`).join(' or ')}${rangeText(from, to)}.`,
            ...notes,
          ].join(' '),
        },
      };
    }
    return {
      data,
      briefing: {
        title,
        summary: `Articles per ${series.grain}, ${formatDate(periodStart(series.periods[0]))} to ${formatDate(lastDay(series))}.`,
        sections: [{ heading: 'Summary', items: series.lines.map((l) => summaryItem(l, series.grain)) }],
        citations: {},
        ...(notes.length ? { note: notes.join(' ') } : {}),
        image: { render: () => drawTrend(series), alt: altText(series), filename: 'trend.png' },
      },
    };
  },
};

/** Drawn only when shown (a first page, --out), in the chart thread: --json, later pages and other commands never start it. */
async function drawTrend(series: TrendSeries): Promise<Buffer> {
  return (await drawChart({ kind: 'trend', input: trendChartInput(series) })).png;
}

const QUOTES = new Set(['"', '“', '”', "'"]);

/** The text without the quotes around it, in one pass (a pattern anchored at the end would rescan). */
function stripQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && QUOTES.has(text[start])) start++;
  while (end > start && QUOTES.has(text[end - 1])) end--;
  return text.slice(start, end);
}

/** "haftar sarraj" is two names; "khalifa haftar, fayez al-sarraj" (with commas) two names of several words. */
export function splitNames(text: string): string[] {
  const parts = (text.includes(',') ? text.split(',') : text.split(/\s+/))
    .map((p) => stripQuotes(p.trim()))
    .filter(Boolean);
  const unique = [...new Map(parts.map((p) => [p.toLowerCase(), p])).values()];
  if (unique.length === 0) throw new UsageError('Which names? For example: trend haftar sarraj');
  if (unique.length > MAX_NAMES)
    throw new UsageError(`At most ${MAX_NAMES} names on one chart (got ${unique.length}).`);
  const long = unique.find((p) => p.length > MAX_NAME_LENGTH);
  if (long) throw new UsageError(`That name is too long (${long.length} characters; at most ${MAX_NAME_LENGTH}).`);
  return unique;
}

function summaryItem(line: TrendLine, grain: Grain): BriefingItem {
  if (line.dates.length === 0) return { label: line.name, text: 'no dated articles in this span', cites: [] };
  const peak = line.points.reduce((best, p) => (p.count > best.count ? p : best), line.points[0]);
  const week = biggestWeek(line.dates);
  const parts = [
    `${plural(line.dates.length, 'article')}${line.kind === 'keyword' ? ' (as a keyword)' : ''}`,
    `peak ${periodText(peak.period, grain)} (${peak.count})`,
    line.dates.length === 1
      ? `only mention ${formatDate(line.dates[0])}`
      : `first mention ${formatDate(line.dates[0])}, last ${formatDate(line.dates[line.dates.length - 1])}`,
    `biggest week: week of ${formatDate(periodStart(week.period))} (${week.count})`,
  ];
  return { label: line.name, text: parts.join(' · '), cites: [] };
}

/** The ISO week with the most articles (the earliest of equals). */
function biggestWeek(dates: string[]): { period: string; count: number } {
  const counts = new Map<string, number>();
  for (const [day, n] of countByDay(dates))
    counts.set(periodOf(day, 'week'), (counts.get(periodOf(day, 'week')) ?? 0) + n);
  let best = { period: '', count: 0 };
  for (const [period, count] of counts)
    if (count > best.count || (count === best.count && period < best.period)) best = { period, count };
  return best;
}

function periodText(period: string, grain: Grain): string {
  if (grain === 'week') return `week of ${formatDate(periodStart(period))}`;
  return grain === 'day' ? `on ${formatDate(period)}` : `in ${formatDate(period)}`;
}

function lineNotes(line: TrendLine): string[] {
  const notes: string[] = [];
  if (line.undated) notes.push(`${line.name}: ${plural(line.undated, 'undated article')} not counted.`);
  if (line.capped)
    notes.push(`${line.name}: the ${KEYWORD_ARTICLES.toLocaleString('en')} best-matching articles only.`);
  return notes;
}

/** What the chart shows, in words: the kind of chart, its span, and each line's peak. */
export function altText(series: TrendSeries): string {
  const span = `${formatDate(periodStart(series.periods[0]))} to ${formatDate(lastDay(series))}`;
  const lines = series.lines.map((l) => {
    const peak = l.points.reduce(
      (best, p) => (p.count > best.count ? p : best),
      l.points[0] ?? { period: '', count: 0 },
    );
    return peak.count
      ? `${l.name}, ${plural(l.dates.length, 'article')}, peaking at ${peak.count} ${periodText(peak.period, series.grain)}`
      : `${l.name}, no articles`;
  });
  return `Line chart of articles per ${series.grain} from ${span}: ${lines.join('; ')}.`.slice(0, 1000);
}

function lastDay(series: TrendSeries): string {
  return (
    series.lines
      .flatMap((l) => l.dates.slice(-1))
      .sort()
      .pop() ?? periodStart(series.periods[series.periods.length - 1])
  );
}

export default trend;
