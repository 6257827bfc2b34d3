/**
 * Polls feeds when due: a conditional GET of the feed, the new items' pages read (once per canonical URL), new
 * articles handed to the sink, and the feed's state (validators, errors in plain words, next poll) written back.
 */
import { randomUUID } from 'node:crypto';
import type { Article } from '../corpus/types.ts';
import { groupNearDuplicates } from '../corpus/dedupe.ts';
import type { PageArticle } from '../extract/types.ts';
import { FetchError, type Fetcher, type FetchResult } from './fetch.ts';
import { FeedParseError, decodeFeed, parseFeedText } from './parse.ts';
import { workerPageReader, type PageReader } from './page-reader.ts';
import { takenKey, type FeedStore } from './store.ts';
import { nextAfterFailure, nextAfterSuccess, retryAfterMs } from './timing.ts';
import { canonicalUrl, itemArticle } from './to-article.ts';
import type { FeedItem, FeedRecord } from './types.ts';

/** Where new feed articles go: the lead wires it to the article store and the engine. */
export type ArticleSink = (articles: Article[]) => Promise<void>;

export interface PollerOptions {
  store: FeedStore;
  fetcher: Fetcher;
  sink: ArticleSink;
  now?: () => number;
  /** Read each new item's page for the full article (default true); else the feed's own text. */
  readPages?: boolean;
  /** Pages read per poll of one feed; further new items keep the feed's text (a first poll of a long feed). */
  maxPagesPerPoll?: number;
  /** Feeds polled at once (different hosts; one host is one request at a time anyway). */
  concurrency?: number;
  /** How long a poll may hold its feed before another process may take it over. */
  leaseMs?: number;
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Decodes and extracts fetched pages; default a worker thread of its own (closed by close()). */
  pages?: PageReader;
}

export type PollOutcome =
  | { status: 'new'; articles: Article[] }
  | { status: 'unchanged' }
  | { status: 'failed'; error: string }
  | { status: 'busy' };

export class FeedPoller {
  private readonly owner = randomUUID();
  private readonly running = new Set<number>();
  private readonly now: () => number;
  private readonly readPages: boolean;
  private readonly maxPages: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pages: PageReader;
  /** The turn of the feed whose new articles are being checked, sunk and marked (see takeOnce). */
  private taking: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.readPages = options.readPages ?? true;
    this.maxPages = options.maxPagesPerPoll ?? 30;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.pages = options.pages ?? workerPageReader();
  }

  /** Stops the page thread. */
  close(): Promise<void> {
    return this.pages.close();
  }

  /** Polls every due feed, a few at a time; resolves when all are done. */
  async pollDue(): Promise<Map<number, PollOutcome>> {
    const due = (await this.options.store.due(this.now(), 1000)).filter((f) => !this.running.has(f.id));
    const outcomes = new Map<number, PollOutcome>();
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const feed = due[next++];
        outcomes.set(feed.id, await this.poll(feed));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return outcomes;
  }

  /** One poll of one feed; never two at once for one feed (in this process, and across processes by the store's lease). */
  async poll(feed: FeedRecord): Promise<PollOutcome> {
    if (this.running.has(feed.id)) return { status: 'busy' };
    this.running.add(feed.id);
    try {
      if (!(await this.options.store.claimPoll(feed.id, this.owner, this.now(), this.leaseMs)))
        return { status: 'busy' };
      try {
        return await this.pollClaimed(feed);
      } finally {
        await this.options.store.releasePoll(feed.id, this.owner);
      }
    } finally {
      this.running.delete(feed.id);
    }
  }

  private async pollClaimed(feed: FeedRecord): Promise<PollOutcome> {
    const { store } = this.options;
    const everyMs = feed.everyMinutes * 60_000;
    const headers: Record<string, string> = {
      accept:
        'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5',
    };
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
    let response: FetchResult;
    try {
      response = await this.options.fetcher.get(feed.url, headers);
    } catch (err) {
      return this.failed(
        feed,
        err instanceof FetchError
          ? err.message
          : `the request failed (${String((err as Error)?.message ?? err).slice(0, 80)})`,
        null,
        null,
      );
    }
    const now = this.now();
    if (response.status === 304) {
      await store.update(feed.id, {
        lastFetchAt: now,
        lastStatus: 304,
        lastError: null,
        failures: 0,
        nextPollAt: nextAfterSuccess(now, everyMs, response.headers),
      });
      return { status: 'unchanged' };
    }
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers, now);
      const words =
        response.status === 429
          ? 'the server asked us to slow down (429 Too Many Requests)'
          : 'the server is unavailable (503)';
      return this.failed(
        feed,
        wait !== null ? `${words}; it asked for a pause of ${duration(wait)}` : words,
        response.status,
        wait,
      );
    }
    if (response.status < 200 || response.status >= 300)
      return this.failed(
        feed,
        `the server answered ${response.status}${statusWords(response.status)}`,
        response.status,
        null,
      );
    let items: FeedItem[];
    let title: string | null;
    try {
      const parsed = parseFeedText(decodeFeed(response.body, header(response.headers['content-type'])), response.url);
      items = parsed.items;
      title = parsed.title;
    } catch (err) {
      return this.failed(
        feed,
        err instanceof FeedParseError
          ? err.message
          : `the feed could not be read (${String((err as Error)?.message).slice(0, 80)})`,
        response.status,
        null,
      );
    }
    const { articles: read, note } = await this.newArticles(feed, items, title);
    const articles = await this.takeOnce(feed.id, items, read, now);
    await store.update(feed.id, {
      name: feed.name ?? title ?? undefined,
      etag: header(response.headers.etag) ?? null,
      lastModified: header(response.headers['last-modified']) ?? null,
      lastFetchAt: now,
      lastStatus: response.status,
      lastError: null,
      lastNote: note,
      failures: 0,
      nextPollAt: nextAfterSuccess(now, everyMs, response.headers),
      itemsTakenDelta: articles.length,
    });
    this.options.logger?.info({ feed: feed.id, items: items.length, taken: articles.length }, 'feed polled');
    return articles.length ? { status: 'new', articles } : { status: 'unchanged' };
  }

  private async failed(
    feed: FeedRecord,
    error: string,
    status: number | null,
    retryAfter: number | null,
  ): Promise<PollOutcome> {
    const now = this.now();
    const failures = feed.failures + 1;
    await this.options.store.update(feed.id, {
      lastFetchAt: now,
      lastStatus: status,
      lastError: error,
      failures,
      nextPollAt: nextAfterFailure(now, feed.everyMinutes * 60_000, failures, retryAfter),
    });
    this.options.logger?.warn({ feed: feed.id, failures }, `feed poll failed: ${error}`);
    return { status: 'failed', error };
  }

  /** Items not taken before (by GUID in this feed, canonical URL or content hash, across feeds), as articles. */
  private async newArticles(
    feed: FeedRecord,
    items: FeedItem[],
    feedTitle: string | null,
  ): Promise<{ articles: Article[]; note: string | null }> {
    const { store } = this.options;
    const guidTaken = await store.taken(items.map((i) => takenKey.guid(feed.id, i.guid)));
    const fresh = items.filter((i) => !guidTaken.has(takenKey.guid(feed.id, i.guid)));
    const urlTaken = await store.taken(
      fresh
        .map((i) => canonicalUrl(i.url))
        .filter((u): u is string => !!u)
        .map(takenKey.url),
    );
    const candidates = fresh.filter((i) => !urlTaken.has(takenKey.url(canonicalUrl(i.url) ?? '')));
    const articles: Article[] = [];
    const seen = new Set<string>();
    let pageFailures = 0;
    let pagesRead = 0;
    for (const item of candidates) {
      let page: PageArticle | null = null;
      if (this.readPages && item.url && pagesRead < this.maxPages) {
        pagesRead++;
        page = await this.readPage(item);
        if (!page) pageFailures++;
      }
      const article = itemArticle({ feedId: feed.id, item, page, feedName: feed.name ?? feedTitle });
      if (!article) continue;
      const keys = keysOfArticle(article);
      if (keys.some((k) => seen.has(k))) continue;
      keys.forEach((k) => seen.add(k));
      articles.push(article);
    }
    const note = pageFailures ? `${pageFailures} page(s) could not be read: kept the feed's own text for them` : null;
    return { articles, note };
  }

  /**
   * Keeps the articles no feed has taken yet, hands them to the sink and records them as taken, one feed at a time:
   * two feeds polled at once that list the same story (one URL with a tracking parameter) must not both take it
   * between the check and the mark. Marked only once the sink has them: a crash before that takes them again on
   * the next poll, never loses them.
   */
  private takeOnce(feedId: number, items: FeedItem[], articles: Article[], now: number): Promise<Article[]> {
    const { store } = this.options;
    const turn = this.taking.then(async () => {
      const taken = await store.taken(articles.flatMap(keysOfArticle));
      const kept = articles.filter((a) => !keysOfArticle(a).some((k) => taken.has(k)));
      groupNearDuplicates(kept);
      if (kept.length) await this.options.sink(kept);
      await store.markTaken(feedId, this.keysOf(feedId, items, kept), now);
      return kept;
    });
    this.taking = turn.catch(() => undefined);
    return turn;
  }

  /** The item's page as an article, or null when it cannot be fetched or holds no article text. */
  private async readPage(item: FeedItem): Promise<PageArticle | null> {
    try {
      const response = await this.options.fetcher.get(item.url!, {
        accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
      });
      if (response.status !== 200) return null;
      const page = await this.pages.read({
        id: response.url,
        body: response.body,
        contentType: header(response.headers['content-type']),
        feedDate: item.date,
      });
      return page.text ? page : null;
    } catch {
      return null;
    }
  }

  private keysOf(feedId: number, items: FeedItem[], articles: Article[]): string[] {
    return [
      ...items.map((i) => takenKey.guid(feedId, i.guid)),
      ...articles.flatMap(keysOfArticle),
      ...items
        .map((i) => canonicalUrl(i.url))
        .filter((u): u is string => !!u)
        .map(takenKey.url),
    ];
  }
}

/** An article's keys across feeds: its content hash and its canonical URL. */
function keysOfArticle(a: Article): string[] {
  return [takenKey.hash(a.contentHash), ...(a.url ? [takenKey.url(a.url)] : [])];
}

function header(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.length <= 1000 ? v : null;
}

function duration(ms: number): string {
  if (ms < 90_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized: the feed needs a login',
  403: 'Forbidden: the server refuses us',
  404: 'Not Found: the feed is not at this address',
  410: 'Gone: the feed was removed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

function statusWords(status: number): string {
  const words = STATUS_WORDS[status];
  return words ? ` (${words})` : '';
}
