import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import { calendarDays } from '../src/charts/periods.ts';
import { DATE_RANGE_OPTIONS, rangeText } from '../src/commands/date-range.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** /timeline TOPIC [from DATE] [to DATE]: dated events about an entity or keyword, in order, each cited, with a strip chart of their dates. */
const timeline: CommandDefinition = {
  name: 'timeline',
  description: 'Dated events about a name or topic, in order, each cited',
  options: [{ name: 'topic', description: 'A name or a topic', required: true, rest: true, autocomplete: 'entity' }, ...DATE_RANGE_OPTIONS],
  examples: ['timeline malta', 'timeline haftar from 2019-01 to 2019-12'],
  run({ topic, from, to }, { engine }) {
    const events = engine.timeline(topic!, { from, to });
    const data = { command: 'timeline', query: topic, events };
    const range = rangeText(from, to);
    if (events.length === 0) {
      return { data, briefing: { title: `Timeline: ${topic}${range}`, sections: [], citations: {}, note: `No dated events about “${topic}”${range} in the articles.` } };
    }
    const items = events.map((e) => ({ label: `${formatDate(e.date, e.precision)}${e.date ? ` (${e.precision})` : ''}`, text: e.text, cites: [e.articleId] }));
    const days = calendarDays(events.map((e) => e.date ?? ''));
    return {
      data,
      briefing: {
        title: `Timeline: ${topic}${range}`,
        summary: `${plural(events.length, 'event')} from ${plural(new Set(events.map((e) => e.articleId)).size, 'article')}, oldest first.`,
        sections: [{ heading: 'Events', items, omittedNoun: 'events' }],
        citations: citationsFor(engine, events.map((e) => e.articleId)),
        ...(days.length ? { image: { render: () => drawStrip(days), alt: `Strip chart of ${plural(days.length, 'dated event')} from ${formatDate(days[0])} to ${formatDate(days[days.length - 1])}.`, filename: 'timeline.png' } } : {}),
      },
    };
  },
};

/** Loaded when first drawn: answers that show no picture (--json, later pages) never load Vega. */
async function drawStrip(days: string[]): Promise<Buffer> {
  const { stripChartPng } = await import('../src/charts/strip-chart.ts');
  return (await stripChartPng(days)).png;
}

export default timeline;
