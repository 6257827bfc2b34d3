import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** /search QUERY: ranked full-text search with the matching passage of each article. */
const search: CommandDefinition = {
  name: 'search',
  description: 'Full-text search of the articles, best matches first',
  options: [{ name: 'query', description: 'Words to search for', required: true, rest: true }],
  examples: ['search ceasefire', 'search migrants malta'],
  run({ query }, { engine }) {
    const hits = engine.search(query!, 10);
    const data = { command: 'search', query, hits };
    const items = hits.map((h) => ({
      label: `${h.title}${h.date ? ` (${formatDate(h.date)})` : ''}`,
      text: h.snippet,
      cites: [h.articleId],
      emphasis: [...new Set(h.highlights.map(([start, end]) => h.snippet.slice(start, end)))],
    }));
    return {
      data,
      briefing: {
        title: `Search: ${query}`,
        summary: plural(hits.length, 'article'),
        sections: items.length ? [{ heading: 'Results', items, omittedNoun: 'results' }] : [],
        citations: citationsFor(
          engine,
          hits.map((h) => h.articleId),
        ),
        ...(items.length ? {} : { note: `No article mentions “${query}”.` }),
      },
    };
  },
};

export default search;
