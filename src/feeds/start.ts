/** Starts following feeds: the file's feeds into the store, a poll loop, and the chat service. Returns stop(). */
import { databasePath, openDatabase, type Db } from '../store/db.ts';
import { DEFAULT_FETCH_LIMITS, Fetcher, type FetchLimits } from './fetch.ts';
import { readFeedsFile } from './feeds-file.ts';
import { FeedPoller, type ArticleSink, type PollerOptions } from './poller.ts';
import { createFeedService, type FeedService } from './service.ts';
import { SqliteFeedStore } from './sqlite-store.ts';
import type { FeedStore } from './store.ts';

export interface StartFeedsOptions {
  /** The bot's SQLite database (ignored when `store` is given, e.g. PostgreSQL)... */
  db?: Db;
  /** ...or its data folder (DATA_DIR), whose database is opened here and closed by stop(). */
  dataDir?: string;
  store?: FeedStore;
  /** FEEDS_FILE; absent file means no file feeds. */
  feedsFile: string | null;
  allowPrivate: boolean;
  sink: ArticleSink;
  /** How often due feeds are looked for (default 15 s). */
  tickMs?: number;
  fetchLimits?: Partial<FetchLimits>;
  poller?: Partial<Pick<PollerOptions, 'readPages' | 'maxPagesPerPoll' | 'concurrency' | 'now'>>;
  logger?: PollerOptions['logger'];
}

export interface RunningFeeds {
  services: { feeds: FeedService };
  store: FeedStore;
  poller: FeedPoller;
  /** Polls what is due now and resolves when done (tests, the bench). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFeeds(options: StartFeedsOptions): Promise<RunningFeeds> {
  const ownDb = !options.store && !options.db && options.dataDir ? openDatabase(databasePath(options.dataDir)) : null;
  const db = options.db ?? ownDb;
  const store = options.store ?? (db ? new SqliteFeedStore(db) : null);
  if (!store) throw new Error('startFeeds needs a store, a db or a dataDir');
  const now = options.poller?.now ?? Date.now;
  if (options.feedsFile) await store.syncFileFeeds(readFeedsFile(options.feedsFile), now());
  const fetcher = new Fetcher({ ...DEFAULT_FETCH_LIMITS, ...options.fetchLimits, allowPrivate: options.allowPrivate });
  const poller = new FeedPoller({ store, fetcher, sink: options.sink, logger: options.logger, ...options.poller });
  const tickMs = options.tickMs ?? 15_000;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  let stopped = false;

  const run = (): Promise<void> => {
    current = current.then(async () => {
      if (stopped) return;
      try {
        await poller.pollDue();
      } catch (err) {
        options.logger?.warn(
          { reason: String((err as Error)?.message ?? err).slice(0, 200) },
          'feed poll round failed',
        );
      }
    });
    return current;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run().then(() => schedule(tickMs)), ms);
    timer.unref();
  };
  schedule(0);

  const feeds = createFeedService(store, { allowPrivate: options.allowPrivate, now, wake: () => schedule(0) });
  return {
    services: { feeds },
    store,
    poller,
    pollNow: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      await poller.close();
      ownDb?.close();
    },
  };
}
