import { citationsFor, formatDate, plural } from '../src/briefing/format.ts';
import type { BriefingSection } from '../src/briefing/types.ts';
import type { CommandDefinition } from '../src/commands/types.ts';

/** /who NAME: the profile of a person, organization or place, drawn from the articles. */
const who: CommandDefinition = {
  name: 'who',
  description: 'Profile of a person, organization or place in the articles',
  options: [{ name: 'name', description: 'A name to look up', required: true, rest: true, autocomplete: 'entity' }],
  examples: ['who haftar', 'who serraj', 'who lna'],
  run({ name }, { engine, syntax }) {
    const query = name!;
    const match = engine.findEntity(query);
    const e = match.entity;
    const data = { command: 'who', query, entity: e, suggestions: match.suggestions };
    if (!e) {
      const search = (syntax ?? ((s: string) => `/${s}`))(`search ${query}`);
      const note = match.suggestions.length
        ? `Closest names: ${match.suggestions.join(', ')}.`
        : `Try ${search} for words in the articles.`;
      return {
        data,
        briefing: { title: `No one called “${query}” in the articles`, sections: [], citations: {}, note },
      };
    }
    const seen = e.firstSeen
      ? ` · first seen ${formatDate(e.firstSeen)}${e.lastSeen && e.lastSeen !== e.firstSeen ? `, last seen ${formatDate(e.lastSeen)}` : ''}`
      : '';
    const summary = `${e.type[0].toUpperCase()}${e.type.slice(1)} · ${plural(e.mentions, 'mention')} in ${plural(e.articles.length, 'article')}${seen}${e.aliases.length ? `\nAlso: ${e.aliases.join(', ')}` : ''}`;
    const sections: BriefingSection[] = [
      {
        heading: 'Roles and descriptions',
        items: e.descriptions.map((d, i) => ({ text: d, cites: e.descriptionSources[i] ?? [] })),
      },
      {
        heading: 'Said',
        items: e.quotes.slice(0, 5).map((q) => ({ text: `“${q.text}”`, cites: [q.articleId] })),
        omitted: Math.max(0, e.quotes.length - 5),
        omittedNoun: 'quotes',
      },
      {
        heading: 'Often alongside',
        items: e.related.length ? [{ text: e.related.map((r) => `${r.name} (${r.type})`).join(', '), cites: [] }] : [],
      },
      {
        heading: 'Articles',
        // The newest ones, still oldest first: a chat answer about a name in thousands of stories lists its recent coverage.
        items: e.articles
          .slice(-LISTED_ARTICLES)
          .map((a) => ({ label: a.date ? formatDate(a.date) : 'undated', text: a.title, cites: [a.id] })),
        omitted: Math.max(0, e.articles.length - LISTED_ARTICLES),
        omittedNoun: 'earlier articles',
      },
    ].filter((s) => s.items.length > 0);
    const note =
      match.confidence === 'fuzzy'
        ? `Best match for “${query}”.${match.suggestions.length ? ` Did you mean: ${match.suggestions.join(', ')}?` : ''}`
        : match.suggestions.length
          ? `Did you mean: ${match.suggestions.join(', ')}?`
          : undefined;
    const cited = sections.flatMap((s) => s.items.flatMap((i) => i.cites));
    return {
      data,
      briefing: { title: e.name, summary, sections, citations: citationsFor(engine, cited), ...(note ? { note } : {}) },
    };
  },
};

export default who;

/** Articles a profile lists in chat (the JSON answer lists them all). */
const LISTED_ARTICLES = 50;
