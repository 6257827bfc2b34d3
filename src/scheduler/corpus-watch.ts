import { readdirSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Article, LoadWarning } from '../corpus/types.ts';
import type { Engine } from '../index/types.ts';
import type { SeenArticles } from '../store/types.ts';

export type LoadFile = (file: string, root: string) => Promise<{ articles: Article[]; warnings: LoadWarning[] }>;

/**
 * The corpus kept in the article store (src/app/store-backed.ts): files are read and understood in a worker and
 * committed there, and the engine follows; the articles it held at start are listed without reading any file.
 */
export interface LiveCorpus {
  syncFile(file: string): Promise<{ articles: Article[]; removed: string[]; warnings: LoadWarning[] }>;
  removeFile(file: string): Promise<{ removed: string[] }>;
  storedArticles(): AsyncIterable<Article[]>;
  /** Gets ready to read files (starts its thread). */
  watching(): void;
}

export interface IngestDeps {
  engine: Engine;
  seen: SeenArticles;
  corpusDir: string;
  loadFile: LoadFile;
  now: () => number;
  /** Called with the ids of articles new or changed, once the engine has them. */
  onNewArticles: (ids: string[]) => Promise<void>;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** When given, files go through the article store instead of loadFile and engine.addArticles. */
  corpus?: LiveCorpus;
}

/**
 * Keeps the engine and the seen-articles table in step with the corpus folder, one file event at a time.
 * The initial scan finds files the engine already loaded at start: it records their hashes and, when the database
 * knew an older version (changed or added while the bot was down), reports them as new without loading them again.
 */
export class CorpusIngestor {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IngestDeps) {}

  /** Queues a file event; events run in order so an add and a quick change never interleave. */
  enqueue(event: 'add' | 'change' | 'unlink', file: string, initial = false): Promise<void> {
    const run = () => (event === 'unlink' ? this.removeFile(file) : this.loadFile(file, initial));
    this.queue = this.queue
      .then(run)
      .catch((err) =>
        this.deps.logger.warn({ file: this.relative(file), reason: (err as Error)?.message }, 'corpus file not loaded'),
      );
    return this.queue;
  }

  idle(): Promise<void> {
    return this.queue;
  }

  startWatching(): void {
    this.deps.corpus?.watching();
  }

  get throughStore(): boolean {
    return Boolean(this.deps.corpus);
  }

  private relative(file: string): string {
    return path.relative(this.deps.corpusDir, file).split(path.sep).join('/');
  }

  /** Records the articles the store held at start as seen (no file is read again); reports those new since last time. */
  async recordStored(): Promise<void> {
    for await (const batch of this.deps.corpus!.storedArticles()) await this.recordSeen(batch, null);
  }

  private async recordSeen(articles: Article[], rel: string | null): Promise<void> {
    const { added, changed } = await this.deps.seen.record(
      articles.map((a) => ({ id: a.id, path: a.path, contentHash: a.contentHash })),
      this.deps.now(),
    );
    const fresh = [...added, ...changed];
    if (!fresh.length) return;
    if (rel !== null)
      this.deps.logger.info({ file: rel, added: added.length, changed: changed.length }, 'corpus updated');
    await this.deps.onNewArticles(fresh);
  }

  private async syncThroughStore(corpus: LiveCorpus, file: string): Promise<void> {
    const { articles, removed, warnings } = await corpus.syncFile(file);
    for (const w of warnings) this.deps.logger.warn({ file: w.file }, w.reason);
    if (removed.length) this.forgetSeen(removed);
    await this.recordSeen(articles, this.relative(file));
  }

  private async loadFile(file: string, initial: boolean): Promise<void> {
    if (this.deps.corpus) return this.syncThroughStore(this.deps.corpus, file);
    const { engine, seen } = this.deps;
    const rel = this.relative(file);
    const { articles, warnings } = await this.deps.loadFile(file, this.deps.corpusDir);
    for (const w of warnings) this.deps.logger.warn({ file: w.file }, w.reason);
    const gone = (await seen.idsFromFile(rel)).filter((id) => !articles.some((a) => a.id === id));
    if (gone.length) await this.forget(gone);
    const { added, changed } = await seen.record(
      articles.map((a) => ({ id: a.id, path: a.path, contentHash: a.contentHash })),
      this.deps.now(),
    );
    const fresh = new Set([...added, ...changed]);
    // At start the engine loaded this very file already; only what it lacks needs adding.
    const toIndex = articles.filter((a) => (initial ? !engine.article(a.id) : fresh.has(a.id)));
    if (toIndex.length) await engine.addArticles(toIndex);
    if (fresh.size) {
      this.deps.logger.info({ file: rel, added: added.length, changed: changed.length }, 'corpus updated');
      await this.deps.onNewArticles([...fresh]);
    }
  }

  private async removeFile(file: string): Promise<void> {
    if (this.deps.corpus) {
      const { removed } = await this.deps.corpus.removeFile(file);
      if (removed.length) await this.forgetSeen(removed);
      return;
    }
    const ids = await this.deps.seen.idsFromFile(this.relative(file));
    if (ids.length) await this.forget(ids);
  }

  private async forget(ids: string[]): Promise<void> {
    this.deps.engine.removeArticles(ids);
    await this.forgetSeen(ids);
  }

  private async forgetSeen(ids: string[]): Promise<void> {
    await this.deps.seen.forget(ids);
    this.deps.logger.info({ removed: ids.length }, 'articles removed from the corpus');
  }
}

/** Files of the corpus folder, recursively, skipping hidden ones. */
function corpusFiles(corpusDir: string): string[] {
  const entries = readdirSync(corpusDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(
      (f) =>
        !path
          .relative(corpusDir, f)
          .split(path.sep)
          .some((part) => part.startsWith('.')),
    )
    .sort();
}

/**
 * Watches the corpus folder; resolves once the files present at start have been ingested. The watcher starts first
 * and the scan second, so a file written during the scan is seen by one or the other (twice at worst, harmlessly).
 */
export async function watchCorpus(ingestor: CorpusIngestor, corpusDir: string): Promise<FSWatcher> {
  // The folder itself may be reached through a link (CORPUS_DIR=/srv/news -> /mnt/data/news): with links not followed,
  // chokidar would watch the link and never see a file in it. The real folder is watched, and each path it reports
  // is given back under the folder as configured, the one the store and the ingestor name files by.
  const real = await realpath(corpusDir);
  const asConfigured = (f: string) => path.join(corpusDir, path.relative(real, f));
  const watcher = watch(real, {
    ignored: (p: string) =>
      p !== real &&
      path
        .relative(real, p)
        .split(path.sep)
        .some((part) => part.startsWith('.')),
    awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 50 },
    ignoreInitial: true,
    persistent: true,
    // A link back up the tree (ln -s . corpus/loop) would be followed level after level; the start's scan follows links once.
    followSymlinks: false,
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  watcher.on('error', () => undefined);
  watcher.on('add', (f) => void ingestor.enqueue('add', asConfigured(f)));
  watcher.on('change', (f) => void ingestor.enqueue('change', asConfigured(f)));
  watcher.on('unlink', (f) => void ingestor.enqueue('unlink', asConfigured(f)));
  if (ingestor.throughStore) {
    ingestor.startWatching();
    await ingestor.recordStored();
  } else for (const file of corpusFiles(corpusDir)) void ingestor.enqueue('add', file, true);
  await ingestor.idle();
  return watcher;
}
