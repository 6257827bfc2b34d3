import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** /timeline TOPIC [from DATE] [to DATE]: dated events about an entity or keyword, in order, each cited. */
const timeline: CommandDefinition = {
  name: 'timeline',
  description: 'Dated events about a name or topic, in order, each cited',
  options: [
    { name: 'topic', description: 'A name or a topic', required: true, rest: true, autocomplete: 'entity' },
    { name: 'from', description: 'Earliest date (2019, 2019-05 or 2019-05-27)', keyword: 'from', kind: 'date' },
    { name: 'to', description: 'Latest date (2019, 2019-05 or 2019-05-27)', keyword: 'to', kind: 'date' },
  ],
  examples: ['timeline malta', 'timeline haftar from 2019-01 to 2019-12'],
  run({ topic, from, to }, { engine }) {
    const events = engine.timeline(topic!, { from, to });
    const data = { command: 'timeline', query: topic, events };
    const range = from || to ? ` (${from ? `from ${formatDate(from)}` : ''}${from && to ? ' ' : ''}${to ? `to ${formatDate(to)}` : ''})` : '';
    if (events.length === 0) {
      return { data, briefing: { title: `Timeline: ${topic}${range}`, sections: [], citations: {}, note: `No dated events about “${topic}”${range} in the articles.` } };
    }
    const items = events.map((e) => ({ label: `${formatDate(e.date, e.precision)}${e.date ? ` (${e.precision})` : ''}`, text: e.text, cites: [e.articleId] }));
    return {
      data,
      briefing: {
        title: `Timeline: ${topic}${range}`,
        summary: `${plural(events.length, 'event')} from ${plural(new Set(events.map((e) => e.articleId)).size, 'article')}, oldest first.`,
        sections: [{ heading: 'Events', items, omittedNoun: 'events' }],
        citations: citationsFor(engine, events.map((e) => e.articleId)),
      },
    };
  },
};

export default timeline;
