import type { Engine } from '../index/types.ts';
import type { CorpusStatus } from './types.ts';

/**
 * The corpus part of the status page from the engine: its counts, and its newest dated article, worked out again only
 * when the number of articles changed (listing 200,000 articles for every page view would not be cheap).
 */
export function corpusStatus(engine: Engine): () => CorpusStatus {
  let cached: { articles: number; newest: CorpusStatus['newest']; updatedAt: string } | null = null;
  return () => {
    const { articles, entities } = engine.stats;
    if (!cached || cached.articles !== articles) {
      const newest = engine.articles().find((a) => a.date);
      cached = { articles, newest: newest ? { date: newest.date!, title: newest.title } : null, updatedAt: new Date().toISOString() };
    }
    return { articles, entities, newest: cached.newest, updatedAt: cached.updatedAt };
  };
}
