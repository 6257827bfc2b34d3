import type { ArticleMeta } from '../index/types.ts';
import type { CorpusStatus } from './types.ts';

/**
 * What the corpus part reads of the engine (CorpusEngine has it): counts it keeps as articles come and go, and its own
 * newest-first order. Not `engine.stats`, which adds up every article's events on each call.
 */
export interface CountedCorpus {
  readonly store: { readonly size: number };
  /** The entity table, brought up to date by the engine as articles change (not rebuilt per call). */
  entities(): { byRoot: { readonly size: number } };
  /** Understood articles' ids, newest first, undated last: kept by the engine, sorted again only after a change. */
  newest(): string[];
  article(id: string): ArticleMeta | undefined;
}

/**
 * The corpus part of the status page. Per request: two sizes and, only when the number of articles changed, one
 * look at the head of the engine's newest-first order (the engine sorts it once per change, for /brief as well).
 * Nothing here lists or walks the corpus.
 */
export function corpusStatus(engine: CountedCorpus): () => CorpusStatus {
  let cached: { articles: number; newest: CorpusStatus['newest']; updatedAt: string } | null = null;
  return () => {
    const articles = engine.store.size;
    if (!cached || cached.articles !== articles) {
      const [newestId] = engine.newest();
      const newest = newestId === undefined ? undefined : engine.article(newestId);
      cached = { articles, newest: newest?.date ? { date: newest.date, title: newest.title } : null, updatedAt: new Date().toISOString() };
    }
    return { articles, entities: engine.entities().byRoot.size, newest: cached.newest, updatedAt: cached.updatedAt };
  };
}
