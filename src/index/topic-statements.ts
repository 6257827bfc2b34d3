/**
 * The dated statements a timeline is made of, for a topic: of an entity, those naming it in the newest articles naming
 * it (and every dated one of an article set in a place it names often, and one sentence of a dated article naming it
 * in no statement); of a phrase, the statements of its articles that hold every word of it.
 */
import type { DatedStatement } from '../understanding/analysis-types.ts';
import type { CorpusEngine } from './engine.ts';
import type { StoredArticle } from './engine-parts.ts';
import { listedArticles } from './profile.ts';
import { firstMentionStatement, PUBLISHED_MENTION_ARTICLES } from './timeline/published-mentions.ts';

export interface TopicStatement {
  stored: StoredArticle;
  statement: DatedStatement;
}

/** How many of the newest articles naming an entity its timeline reads. */
const TIMELINE_ARTICLES = 1000;

/** Mentions that make an article set in a place. */
const ABOUT_MENTIONS = 3;

export function topicStatementsOf(engine: CorpusEngine, topic: string): TopicStatement[] {
  const entity = engine.topicEntity(topic);
  const out: TopicStatement[] = [];
  if (entity) {
    // The newest articles naming it (its article list, in date order, is kept on the entity), then its names in each.
    const listed = listedArticles(engine, entity);
    const read = new Set(listed.slice(-TIMELINE_ARTICLES).map((a) => a.id));
    const localsByArticle = new Map<string, Set<number>>();
    // An article that names a place three times or more is set there: its dated statements belong to the place's
    // story. People and bodies get only the statements that name them (an article naming a leader is not his diary).
    const setThere = new Set<string>();
    let unstated = 0;
    for (const i of entity.members) {
      const articleId = engine.resolver.articleOf(i);
      if (!read.has(articleId)) continue;
      if (!localsByArticle.has(articleId)) localsByArticle.set(articleId, new Set());
      localsByArticle.get(articleId)!.add(engine.resolver.localOf(i));
      if (entity.type === 'place' && engine.resolver.mentionsOf(i) >= ABOUT_MENTIONS) setThere.add(articleId);
    }
    for (const [articleId, locals] of localsByArticle) {
      const stored = engine.store.get(articleId);
      const statements = engine.analyses.statementsOf(articleId);
      if (!stored || !statements) continue;
      const about = setThere.has(articleId);
      const before = out.length;
      for (const statement of statements) {
        if (statement.entities.some((e) => locals.has(e)) || (about && statement.date)) out.push({ stored, statement });
      }
      // A dated article naming it in no statement still tells of it that day: its first sentence naming it.
      if (out.length === before && stored.article.date && unstated++ < PUBLISHED_MENTION_ARTICLES) {
        const statement = firstMentionStatement(
          stored.article.body,
          engine.analyses.withoutStatements(articleId)?.entities ?? [],
          locals,
        );
        if (statement) out.push({ stored, statement });
      }
    }
    return out;
  }
  const words = topic
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length >= 2);
  const res = words.map((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'));
  for (const id of engine.topicArticles(topic)) {
    const stored = engine.store.get(id)!;
    for (const statement of engine.analyses.statementsOf(id)!)
      if (res.every((re) => re.test(statement.text))) out.push({ stored, statement });
  }
  return out;
}
