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
  /** The newest understood article's id: the head of the engine's newest-first order, or one pass when it is not built. */
  newestId(): string | undefined;
  article(id: string): ArticleMeta | undefined;
}

/**
 * The corpus part of the status page. Per request: two sizes and, only when the number of articles changed, the
 * newest article: the head of the engine's newest-first order when /brief or /sources has built it, otherwise one
 * pass over the articles (never a sort of the corpus: at 200k the sort made the first render 237 ms).
 */
export function corpusStatus(engine: CountedCorpus): () => CorpusStatus {
  let cached: { articles: number; newest: CorpusStatus['newest']; updatedAt: string } | null = null;
  return () => {
    const articles = engine.store.size;
    if (!cached || cached.articles !== articles) {
      const newestId = engine.newestId();
      const newest = newestId === undefined ? undefined : engine.article(newestId);
      cached = {
        articles,
        newest: newest?.date ? { date: newest.date, title: newest.title } : null,
        updatedAt: new Date().toISOString(),
      };
    }
    return { articles, entities: engine.entities().byRoot.size, newest: cached.newest, updatedAt: cached.updatedAt };
  };
}
