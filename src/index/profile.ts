/** /who: an entity's profile (roles, quotes, company, articles), read from its newest articles. */
import type { CorpusEngine } from './engine.ts';
import { dedupeBy, type ArticleRef, type EntityRecord } from './engine-parts.ts';
import type { EntityProfile } from './types.ts';

export function profileOf(engine: CorpusEngine, r: EntityRecord): EntityProfile {
  const t = engine.entities();
  const descriptors = new Map<string, { text: string; n: number; articles: Set<string> }>();
  const quotes: { text: string; articleId: string }[] = [];
  const related = new Map<number, number>();
  const articles = listedArticles(engine, r);
  // Roles, quotes and company come from the newest articles only: a name in tens of thousands of stories must not
  // cost a parse of each, and its recent coverage says what it is now.
  const read = articles.length > PROFILE_ARTICLES ? new Set(articles.slice(-PROFILE_ARTICLES).map((a) => a.id)) : null;
  for (const i of r.members) {
    if (read && !read.has(engine.resolver.articleOf(i))) continue;
    const articleId = engine.resolver.articleOf(i);
    const analysis = engine.analyses.withoutStatements(articleId);
    const local = analysis?.entities[engine.resolver.localOf(i)];
    if (!analysis || !local) continue;
    for (const d of local.descriptors) {
      const key = d.toLowerCase();
      const seen = descriptors.get(key) ?? { text: d, n: 0, articles: new Set<string>() };
      seen.n++;
      seen.articles.add(articleId);
      descriptors.set(key, seen);
    }
    for (const q of analysis.quotes) if (q.entity === local.local) quotes.push({ text: q.text, articleId });
    const mine = new Set(local.sentences);
    analysis.entities.forEach((other, j) => {
      if (j === local.local) return;
      const otherRoot = engine.rootOf(articleId, j);
      if (otherRoot === undefined || otherRoot === r.root) return;
      const shared = other.sentences.filter((s) => mine.has(s)).length;
      related.set(otherRoot, (related.get(otherRoot) ?? 0) + 1 + shared);
    });
  }
  const dates = articles.map((a) => a.date).filter((d): d is string => Boolean(d));
  const descriptions = pruneDescriptors([...descriptors.values()].sort((a, b) => b.n - a.n).map((d) => d.text));
  return {
    id: r.slug,
    name: r.name,
    type: r.type,
    aliases: r.aliases.filter((a) => a !== r.name),
    descriptions,
    descriptionSources: descriptions.map((d) => [...descriptors.get(d.toLowerCase())!.articles]),
    mentions: r.mentions,
    articles,
    firstSeen: dates[0] ?? null,
    lastSeen: dates[dates.length - 1] ?? null,
    related: [...related]
      .map(([root, weight]) => ({ rec: t.byRoot.get(root)!, weight }))
      .filter((x) => x.rec)
      .sort((a, b) => b.weight - a.weight || b.rec.mentions - a.rec.mentions)
      .slice(0, 8)
      .map(({ rec, weight }) => ({ name: rec.name, type: rec.type, weight })),
    quotes: dedupeBy(quotes, (q) => q.text.toLowerCase()),
  };
}

export function listedArticles(engine: CorpusEngine, r: EntityRecord): ArticleRef[] {
  r.listed ??= engine.inDateOrder(r.members.map((i) => engine.resolver.articleOf(i)));
  return r.listed;
}

/** How many of the newest articles naming an entity its profile reads for roles, quotes and related names. */
const PROFILE_ARTICLES = 400;

/** A descriptor contained in a longer one ("strongman" in "Libyan strongman") says nothing new. */
function pruneDescriptors(list: string[]): string[] {
  const keys = list.map(
    (d) =>
      ` ${d
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()} `,
  );
  return list
    .filter((_, i) => !keys.some((k, j) => j !== i && k.length > keys[i].length && k.includes(keys[i])))
    .slice(0, 12);
}
