/**
 * The two orders of the stored articles that answers read: understood articles newest first (/sources, digests) and
 * every article's rank in date order (an entity's article list). Each is built on first use, then kept in order as
 * articles come and go: one article costs a binary search and a splice, not a sort of the corpus.
 */
import type { Article } from '../corpus/types.ts';
import { isoSortKey } from '../understanding/statements.ts';
import { byDateDesc, compareKeys, type ArticleRef, type StoredArticle } from './engine-parts.ts';

/** The first index in [0, length) at which `before(i)` is false, `before` being true then false along the list. */
function firstNotBefore(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Understood articles, newest first (undated last, ties by path, then in the order they were added). */
export class NewestFirst {
  private ids: string[] | null = null;

  constructor(
    private readonly articles: () => Iterable<StoredArticle>,
    private readonly articleOf: (id: string) => Article,
  ) {}

  list(): string[] {
    if (!this.ids) {
      const understood = [...this.articles()].filter((s) => s.counts !== null).map((s) => s.article);
      this.ids = understood.sort(byDateDesc).map((a) => a.id);
    }
    return this.ids;
  }

  /**
   * The newest understood article's id: the head of the order when it is built, otherwise one pass for the least by
   * the same comparison (ties keep the first met, as the stable sort does), without sorting the corpus.
   */
  head(): string | undefined {
    if (this.ids) return this.ids[0];
    let best: Article | undefined;
    for (const s of this.articles()) {
      if (s.counts !== null && (!best || byDateDesc(s.article, best) < 0)) best = s.article;
    }
    return best?.id;
  }

  /** An article just added, after every article held (so after those it ties with, as the stable sort puts it). */
  added(stored: StoredArticle): void {
    if (!this.ids || stored.counts === null) return;
    const ids = this.ids;
    const at = firstNotBefore(ids.length, (i) => byDateDesc(this.articleOf(ids[i]), stored.article) <= 0);
    ids.splice(at, 0, stored.article.id);
  }

  removed(id: string): void {
    const at = this.ids?.indexOf(id) ?? -1;
    if (at >= 0) this.ids!.splice(at, 1);
  }

  /** Built again on next use (understood articles changed en masse). */
  reset(): void {
    this.ids = null;
  }
}

/**
 * Every article's place in date order (oldest first, undated last, ties in the order they were added): ordering a
 * name's 70,000 articles is then a sort of integers, not of date strings. An added or removed article moves the ranks
 * after it, so one nearer the end (news arrives newest) costs less.
 */
export class DateOrder {
  private built: { rankOf: Map<string, number>; refAt: ArticleRef[]; keyAt: string[] } | null = null;

  constructor(private readonly articles: () => Iterable<StoredArticle>) {}

  get(): { rankOf: Map<string, number>; refAt: ArticleRef[] } {
    if (!this.built) {
      const keyed = [...this.articles()].map((s, order) => ({
        article: s.article,
        key: isoSortKey(s.article.date),
        order,
      }));
      keyed.sort((a, b) => compareKeys(a.key, b.key) || a.order - b.order);
      this.built = {
        rankOf: new Map(keyed.map((k, rank) => [k.article.id, rank])),
        refAt: keyed.map(({ article: { id, title, date } }) => ({ id, title, date })),
        keyAt: keyed.map((k) => k.key),
      };
    }
    return this.built;
  }

  added({ id, title, date }: Article): void {
    const built = this.built;
    if (!built) return;
    const key = isoSortKey(date);
    const at = firstNotBefore(built.keyAt.length, (i) => compareKeys(built.keyAt[i], key) <= 0);
    built.refAt.splice(at, 0, { id, title, date });
    built.keyAt.splice(at, 0, key);
    this.renumberFrom(at);
  }

  removed(id: string): void {
    const built = this.built;
    const at = built?.rankOf.get(id);
    if (!built || at === undefined) return;
    built.rankOf.delete(id);
    built.refAt.splice(at, 1);
    built.keyAt.splice(at, 1);
    this.renumberFrom(at);
  }

  reset(): void {
    this.built = null;
  }

  private renumberFrom(at: number): void {
    const { rankOf, refAt } = this.built!;
    for (let rank = at; rank < refAt.length; rank++) rankOf.set(refAt[rank].id, rank);
  }
}
