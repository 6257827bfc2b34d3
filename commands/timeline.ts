import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import { drawChart } from '../src/charts/chart-thread.ts';
import { calendarDays } from '../src/charts/periods.ts';
import { DATE_RANGE_OPTIONS, rangeText } from '../src/commands/date-range.ts';
import type { CommandDefinition } from '../src/commands/types.ts';
import { keyEvents } from '../src/index/timeline/summarize.ts';
import type { TimelineEvent } from '../src/index/types.ts';

/** Events a date in a summarised timeline when only the number of dates is given. */
const DEFAULT_SENTENCES = 1;

/** More dates than this, and a chat answer opens with this many key dates. */
const KEY_DATES = 12;

/** Dates of a timeline given only the number of sentences a date: all of them. */
const MAX_DATES = 1000;

/** /timeline TOPIC [from DATE] [to DATE]: dated events about an entity or keyword, in order, each cited, with a strip chart of their dates. */
const timeline: CommandDefinition = {
  name: 'timeline',
  description: 'Dated events about a name or topic, in order, each cited',
  options: [
    { name: 'topic', description: 'A name or a topic', required: true, rest: true, autocomplete: 'entity' },
    ...DATE_RANGE_OPTIONS,
    { name: 'dates', description: 'At most this many dates, the most important ones', kind: 'count' },
    { name: 'sentences', description: 'At most this many events a date', kind: 'count' },
  ],
  examples: ['timeline malta', 'timeline haftar from 2019-01 to 2019-12'],
  run({ topic, from, to, dates, sentences }, { engine }) {
    // With a number of dates, the key dates and their best sentences; else every dated event.
    const summary =
      dates || sentences
        ? { dates: Number(dates ?? MAX_DATES), sentences: Number(sentences ?? DEFAULT_SENTENCES) }
        : undefined;
    const events = engine.timeline(topic!, { from, to }, summary);
    const data = { command: 'timeline', query: topic, events };
    const range = rangeText(from, to);
    if (events.length === 0) {
      return {
        data,
        briefing: {
          title: `Timeline: ${topic}${range}`,
          sections: [],
          citations: {},
          note: `No dated events about “${topic}”${range} in the articles.`,
        },
      };
    }
    const itemOf = (e: TimelineEvent) => ({
      label: `${formatDate(e.date, e.precision)}${e.date ? ` (${e.precision})` : ''}`,
      text: e.text,
      cites: [e.articleId],
    });
    const items = events.map(itemOf);
    const days = calendarDays(events.map((e) => e.date ?? ''));
    // Many dates: the key ones first, one sentence each; every event after them, on the pages behind "More".
    const dateCount = new Set(events.map((e) => e.date)).size;
    const key = !summary && dateCount > KEY_DATES ? keyEvents(events, topic!, { dates: KEY_DATES, sentences: 1 }) : [];
    const sections = [
      ...(key.length ? [{ heading: `Key dates (${key.length} of ${dateCount})`, items: key.map(itemOf) }] : []),
      { heading: key.length ? 'All events' : 'Events', items, omittedNoun: 'events' },
    ];
    return {
      data,
      briefing: {
        title: `Timeline: ${topic}${range}`,
        summary: `${plural(events.length, 'event')} from ${plural(new Set(events.map((e) => e.articleId)).size, 'article')}, oldest first.`,
        sections,
        citations: citationsFor(
          engine,
          events.map((e) => e.articleId),
        ),
        ...(days.length
          ? {
              image: {
                render: () => drawStrip(days),
                alt: `Strip chart of ${plural(days.length, 'dated event')} from ${formatDate(days[0])} to ${formatDate(days[days.length - 1])}.`,
                filename: 'timeline.png',
              },
            }
          : {}),
      },
    };
  },
};

/** Drawn only when shown (a first page, --out), in the chart thread: --json and later pages never start it. */
async function drawStrip(days: string[]): Promise<Buffer> {
  return (await drawChart({ kind: 'strip', days })).png;
}

export default timeline;
