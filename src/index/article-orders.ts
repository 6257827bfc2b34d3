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

/**
 * Articles in date order, ties in the order given: the distinct dates (a few thousand, however large the corpus) are
 * sorted, and the articles placed by a counting sort on their date's rank. A comparison sort of 200,000 date strings
 * took a first /who at 200k articles 0.4 s.
 */
function buildDateOrder(articles: Article[]): { rankOf: Map<string, number>; refAt: ArticleRef[]; keyAt: string[] } {
  const keyOfDate = new Map<string | null, string>();
  const keys = articles.map((a) => {
    let key = keyOfDate.get(a.date);
    if (key === undefined) keyOfDate.set(a.date, (key = isoSortKey(a.date)));
    return key;
  });
  const rankOfKey = new Map<string, number>();
  [...new Set(keyOfDate.values())].sort(compareKeys).forEach((key, rank) => rankOfKey.set(key, rank));
  const start = new Int32Array(rankOfKey.size + 1);
  const keyRank = Int32Array.from(keys, (key) => rankOfKey.get(key)!);
  for (const rank of keyRank) start[rank + 1]++;
  for (let r = 0; r < rankOfKey.size; r++) start[r + 1] += start[r];
  const placed = new Int32Array(articles.length);
  for (let i = 0; i < articles.length; i++) placed[start[keyRank[i]]++] = i;
  const rankOf = new Map<string, number>();
  const refAt = new Array<ArticleRef>(articles.length);
  const keyAt = new Array<string>(articles.length);
  placed.forEach((i, rank) => {
    const { id, title, date } = articles[i];
    rankOf.set(id, rank);
    refAt[rank] = { id, title, date };
    keyAt[rank] = keys[i];
  });
  return { rankOf, refAt, keyAt };
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
    this.built ??= buildDateOrder([...this.articles()].map((s) => s.article));
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
