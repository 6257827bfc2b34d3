/**
 * The bot's corpus kept in the article store: opened at start (only what changed is read and understood), kept in
 * step with the folder while running (a file that arrives, changes or goes is read and understood in a worker
 * thread, then committed and taken by the engine), stale analyses redone in the background, the engine's indexes
 * saved a while after the last change and at close.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Article } from '../corpus/types.ts';
import { makeIdsUnique } from '../corpus/load.ts';
import { isArticleFile, relativePath } from '../corpus/walk.ts';
import { CorpusEngine } from '../index/engine.ts';
import type { FileJob, FileJobResult } from '../index/file-job.ts';
import { fileHashInSlices, openStoredCorpus, redoStale, saveIndexes, type OpenedCorpus } from '../index/open-corpus.ts';
import { AnalysesAtHand, storedFromWorker } from '../index/stored-analyses.ts';
import { SqliteArticleStore } from '../store/articles/sqlite.ts';
import type { ArticleStore, StoredAnalysis } from '../store/articles/types.ts';
import { corpusVersions, type CorpusVersions } from '../store/articles/versions.ts';
import type { ArticleAnalysis } from '../understanding/analysis-types.ts';
import { createWorkerRunner, type WorkerRunner } from '../understanding/parallel.ts';
import { analyzeEach } from '../index/engine.ts';
import { log } from '../util/log.ts';
import { TimeSlices } from '../util/time-slices.ts';
import { byteLines } from '../util/json-lines.ts';
import type { SharedCorpus } from '../store/articles/shared.ts';
import { followAnnouncements, type Follower } from './follow-announcements.ts';
import type { LoadProgress } from './progress.ts';

export interface StoreBackedOptions {
  corpusDir: string;
  dataDir?: string;
  articleStore?: ArticleStore;
  /**
   * With DATABASE_URL: the article store on PostgreSQL, shared by every instance (opened here and closed by close()),
   * for this corpus folder's origin (CORPUS_ORIGIN; see src/store/postgres/articles.ts).
   */
  databaseUrl?: string | null;
  corpusOrigin?: string;
  /** With a shared store given as articleStore (tests): its locks and announcements. */
  shared?: SharedCorpus;
  /** Understands articles (the bot's worker pool); default in this thread. */
  analyze?: (articles: Article[]) => Promise<ArticleAnalysis[]> | ArticleAnalysis[];
  onProgress?: (p: LoadProgress) => void;
  redoStale?: boolean;
  /** The versions stored rows are checked against (tests change them); default those of this code. */
  versions?: CorpusVersions;
}

export interface FileChange {
  /** The file's articles now. */
  articles: Article[];
  /** Ids of articles that left the engine (the file gone, or an article gone from it). */
  removed: string[];
  warnings: { file: string; reason: string }[];
}

export interface StoreBacked {
  readonly engine: CorpusEngine;
  readonly store: ArticleStore;
  readonly opened: OpenedCorpus;
  /** Reads a new or changed file (in a worker), commits it, and gives the engine what changed. */
  syncFile(file: string): Promise<FileChange>;
  /** Starts the thread that reads files arriving while running (the watcher calls it when it starts). */
  watching(): void;
  /** Forgets a file that is gone. */
  removeFile(file: string): Promise<FileChange>;
  /** Every article held, a batch at a time. */
  storedArticles(): AsyncIterable<Article[]>;
  /** Settles the background work (stale analyses, a pending save of the indexes). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A file thread with nothing to do stops after this long (a new file starts it again). */
const FILE_THREAD_IDLE_MS = 15 * 60_000;

/** How long after the last change the engine's indexes are saved (a restart then restores rather than extends them). */
const SAVE_AFTER_MS = 30_000;

export async function openStoreBacked(options: StoreBackedOptions): Promise<StoreBacked> {
  const { store, shared, ownStore } = await articleStoreOf(options);
  const versions = options.versions ?? (await corpusVersions());
  const compute = options.analyze ?? analyzeEach;
  const analyze = async (articles: Article[]) => compute(articles);
  const atHand = new AnalysesAtHand(analyze);
  const engine = new CorpusEngine(atHand.analyze);
  const root = path.resolve(options.corpusDir);
  const started = Date.now();
  // One instance at a time opens the corpus: two starting together never both understand the same articles.
  const exclusive = <T>(key: string, fn: () => Promise<T>): Promise<T> => (shared ? shared.exclusive(key, fn) : fn());
  const opened = await exclusive('open', () =>
    openStoredCorpus({
      corpusDir: root,
      store,
      engine,
      atHand,
      analyze,
      versions,
      onProgress: options.onProgress,
      onWarning: (w) => log.warn({ file: w.file }, w.reason),
    }),
  ).catch(async (err) => {
    if (ownStore) await store.close();
    throw err;
  });
  const changed = opened.files.read + opened.files.gone + opened.stale.length > 0;
  log[changed ? 'info' : 'debug'](
    { store: store.kind, ms: Date.now() - started, ...opened, stale: opened.stale.length },
    'corpus opened from the article store',
  );

  let closed = false;
  let background: Promise<unknown> = Promise.resolve();
  let dirty = opened.indexesChanged;
  let saveTimer: NodeJS.Timeout | null = null;
  let runner: WorkerRunner<FileJob, FileJobResult> | null = null;
  // The watcher's files and other instances' announcements change the engine one at a time.
  let engineQueue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = engineQueue.then(fn);
    engineQueue = run.catch(() => undefined);
    return run;
  };
  const after = (work: () => Promise<unknown>) => {
    background = background
      .then(work)
      .catch((err) => log.warn({ reason: (err as Error)?.message }, 'article store: background work failed'));
    return background;
  };
  const save = () =>
    after(async () => {
      if (!dirty) return;
      // A resolution still being built afresh after a removal is saved once it is in use (see engine.settled).
      await engine.settled();
      dirty = false;
      // Changed while saved (the loop turns between parts): saved again after the next quiet period, or at close.
      if (!(await saveIndexes(store, engine, versions))) saveSoon();
    });
  const saveSoon = () => {
    dirty = true;
    if (saveTimer || closed) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void save();
    }, SAVE_AFTER_MS).unref();
  };

  if (opened.stale.length && options.redoStale !== false) {
    void after(async () => {
      const redone = await redoStale({ store, engine, analyze, versions }, opened.stale, () => closed);
      if (!closed) log.info({ redone }, 'stale analyses redone');
      dirty = true;
    }).then(() => !closed && save());
  } else if (dirty && options.redoStale !== false) saveSoon();

  const follower: Follower | null = shared
    ? await followAnnouncements({
        engine,
        atHand,
        shared,
        serial,
        onError: (err) =>
          log.warn(
            { reason: (err as Error)?.message },
            'article announcements: could not take articles from the store',
          ),
        onApplied: (c) => log.debug(c, 'articles taken from another instance'),
      })
    : null;
  // What another instance stored between this one's read of the store and its listening.
  if (follower)
    void follower
      .catchUp()
      .catch((err) => log.warn({ reason: (err as Error)?.message }, 'article announcements: catch-up failed'));

  const change = async (file: string, run: () => Promise<FileChange>): Promise<FileChange> => {
    const result = await serial(run);
    if (result.articles.length || result.removed.length) saveSoon();
    log.debug({ file, articles: result.articles.length, removed: result.removed.length }, 'article store: file synced');
    return result;
  };

  return {
    engine,
    store,
    opened,
    watching() {
      (runner ??= fileRunner()).warm();
    },
    syncFile: (file) =>
      change(file, async () => {
        const rel = relativePath(root, path.resolve(file));
        if (!isArticleFile(rel)) return { articles: [], removed: [], warnings: [] };
        // Instances sharing this folder all see the file: the first reads it, the others find it done (and take
        // its articles from the announcement).
        return exclusive(`file:${rel}`, () => readFile(file, rel));
      }),
    removeFile: (file) => change(file, () => removeFile(relativePath(root, path.resolve(file)))),
    async *storedArticles() {
      // Their fields, without bodies or analyses where the store can list them so (SQLite): the watcher records each
      // article's id, path and hash; the full listing read every body and analysis (1.3-1.5 s of CPU at 200k).
      const listing = store.lazyAnalyses?.heads() ?? store.articles();
      for await (const batch of listing) yield batch.map((s) => s.article);
    },
    idle: async () => void (await background),
    async close() {
      if (closed) return; // closed already
      closed = true;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      await follower?.close();
      await save();
      await background;
      await runner?.close();
      if (ownStore) await store.close();
    },
  };

  async function readFile(file: string, rel: string): Promise<FileChange> {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) return removeFile(rel);
    const known = shared && (await shared.file(rel));
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.readerVersion === versions.reader)
      return { articles: [], removed: [], warnings: [] };
    runner ??= fileRunner();
    const { results, failures } = await runner.run([{ id: path.resolve(file), root }]);
    if (!results.length)
      return {
        articles: [],
        removed: [],
        warnings: [{ file: rel, reason: `could not be read (${failures[0]?.message ?? 'error'})` }],
      };
    const [job] = results;
    log.debug(
      { file: rel, articles: job.count, cpuMs: job.cpuMs === null ? null : Math.round(job.cpuMs) },
      'article store: file read and understood in a worker',
    );
    // Thousands of stories are taken a slice at a time: no step holds the event loop more than a few milliseconds.
    const slices = new TimeSlices();
    const articles: Article[] = [];
    await slices.each(byteLines(job.articles, job.count), (line) =>
      articles.push(JSON.parse(line.toString('utf8')) as Article),
    );
    const readAs = articles.map((a) => a.id);
    const owners = await store.ownersOf(readAs);
    // Ids are unique within the file (the worker saw to it); one held by another file makes way.
    const takenElsewhere = [...owners].filter(([, owner]) => owner !== rel).map(([id]) => id);
    if (takenElsewhere.length) makeIdsUnique(articles, new Set(takenElsewhere));
    const before = await heldOf(await store.deleteFiles([rel]), slices);
    await store.putFiles([
      {
        file: {
          path: rel,
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          contentHash: await fileHashInSlices(articles, slices),
          readerVersion: versions.reader,
        },
        articles,
      },
    ]);
    const analyses: StoredAnalysis[] = [];
    const fresh: Article[] = [];
    const replaced: string[] = [];
    const now = new Set<string>();
    const lines = byteLines(job.analyses, job.count);
    await slices.each(articles, (a, i) => {
      now.add(a.id);
      const stored = storedFromWorker(
        a,
        readAs[i],
        lines.next().value ?? Buffer.alloc(0),
        [job.counts[2 * i], job.counts[2 * i + 1]],
        versions.analyzer,
      );
      analyses.push(stored);
      atHand.offer(a.id, a.contentHash, stored.bytes);
      const held = engine.storedArticle(a.id);
      if (held?.contentHash === a.contentHash) return;
      fresh.push(a);
      if (held) replaced.push(a.id);
    });
    await store.putAnalyses(analyses);
    const gone = before.filter((id) => !now.has(id));
    if (gone.length || replaced.length) await engine.removeArticlesInSlices([...gone, ...replaced], slices);
    try {
      if (fresh.length) await engine.addArticles(fresh, slices);
    } finally {
      atHand.clear();
    }
    for (const f of job.failures) log.warn({ article: f.articleId }, `article could not be understood: ${f.message}`);
    return { articles, removed: gone, warnings: job.warnings };
  }

  function fileRunner(): WorkerRunner<FileJob, FileJobResult> {
    // One thread, kept while the service runs: a file that arrives is read at once, not after a thread starts.
    return createWorkerRunner<FileJob, FileJobResult>({
      module: new URL('../index/file-job.ts', import.meta.url),
      exportName: 'readAndUnderstand',
      workers: 1,
      idleStopMs: FILE_THREAD_IDLE_MS,
    });
  }

  async function removeFile(rel: string): Promise<FileChange> {
    const slices = new TimeSlices();
    const removed = await heldOf(await store.deleteFiles([rel]), slices);
    if (removed.length) await engine.removeArticlesInSlices(removed, slices);
    return { articles: [], removed, warnings: [] };
  }

  /** Those of ids the engine holds, a slice at a time (255,555 look-ups in one go held the loop 160-270 ms). */
  async function heldOf(ids: string[], slices: TimeSlices): Promise<string[]> {
    const held: string[] = [];
    await slices.each(ids, (id) => engine.storedArticle(id) && held.push(id));
    return held;
  }
}

/** The article store the options name: given, PostgreSQL with DATABASE_URL (shared), else SQLite in DATA_DIR. */
async function articleStoreOf(
  options: StoreBackedOptions,
): Promise<{ store: ArticleStore; shared: SharedCorpus | null; ownStore: boolean }> {
  if (options.articleStore) return { store: options.articleStore, shared: options.shared ?? null, ownStore: false };
  if (options.databaseUrl) {
    const { openSharedCorpus } = await import('../store/postgres/shared-corpus.ts');
    const { store, shared } = await openSharedCorpus(options.databaseUrl, options.corpusOrigin);
    return { store, shared, ownStore: true };
  }
  return { store: SqliteArticleStore.open({ dataDir: options.dataDir! }), shared: null, ownStore: true };
}
