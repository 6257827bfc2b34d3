import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** How many articles a /sources answer lists before saying "+N more articles". */
const SHOWN = 50;

/** The article's web address (feed articles have one), for a reader to open. */
function link(url: string | null): string {
  return url && /^https?:\/\//i.test(url) ? ` · ${url}` : '';
}

/** /sources [TOPIC]: the articles, newest first, with title, date and outlet. */
const sources: CommandDefinition = {
  name: 'sources',
  description: 'The articles in the corpus, or those about a topic',
  options: [
    { name: 'topic', description: 'Only articles about this name or topic', rest: true, autocomplete: 'entity' },
  ],
  examples: ['sources', 'sources haftar'],
  run({ topic }, { engine }) {
    const articles = engine.articles(topic);
    const data = {
      command: 'sources',
      ...(topic ? { query: topic } : {}),
      articles: articles.map(({ id, title, date, source, words }) => ({ id, title, date, source, words })),
    };
    // A briefing lists the newest; the JSON answer keeps every article.
    const items = articles.slice(0, SHOWN).map((a) => ({
      label: a.date ? formatDate(a.date) : 'undated',
      text: `${a.title}${a.source ? ` · ${a.source}` : ''} · ${plural(a.words, 'word')}${a.alsoIn.length ? ` · also in ${plural(a.alsoIn.length, 'other article')}` : ''}${link(a.url)}`,
      cites: [a.id],
    }));
    return {
      data,
      briefing: {
        title: topic ? `Sources about “${topic}”` : 'Sources',
        summary: plural(articles.length, 'article'),
        sections: items.length
          ? [{ heading: 'Articles', items, omitted: articles.length - items.length, omittedNoun: 'articles' }]
          : [],
        citations: citationsFor(
          engine,
          articles.slice(0, SHOWN).map((a) => a.id),
        ),
        ...(items.length ? {} : { note: `No articles about “${topic}”.` }),
      },
    };
  },
};

export default sources;
