/**
 * The article store on PostgreSQL as the bot opens it with DATABASE_URL: the store itself, whose writes announce the
 * article ids they touch (pg_notify, after they commit), and the SharedCorpus side (src/store/articles/shared.ts):
 * advisory locks so that one instance at a time opens the corpus or reads a file, and the listener.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ArticleStore, FileWrite, IndexStateWrite, StoredAnalysis } from '../articles/types.ts';
import type { SharedCorpus } from '../articles/shared.ts';
import { PgAnnouncements } from './announcements.ts';
import { PgArticleStore } from './articles.ts';

/** The advisory lock class of the shared corpus's work keys ("corp" in ASCII); the key is hashed into the second half. */
const WORK_LOCK_CLASS = 0x636f7270;

export interface OpenedSharedCorpus {
  /** The article store: writes announce what they touched. */
  store: ArticleStore;
  shared: SharedCorpus;
}

/** Opens the article store on DATABASE_URL (migrations under the advisory lock) for a corpus folder's origin. */
export async function openSharedCorpus(databaseUrl: string, origin?: string): Promise<OpenedSharedCorpus> {
  const pg = await PgArticleStore.open(databaseUrl, { origin });
  const instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const announcements = new PgAnnouncements(pg.queryable, databaseUrl, instance);
  const announce = async (ids: string[]) => {
    // A lost announcement costs the others a late article (they catch up after a reconnect), never the write.
    if (ids.length) await announcements.announce(ids).catch(() => undefined);
  };
  const shared: SharedCorpus = {
    instance,
    exclusive: (key, fn) => pg.exclusive(WORK_LOCK_CLASS, key, fn),
    file: (path) => pg.file(path),
    articlesOf: (ids) => pg.articlesOf(ids),
    contentHashes: () => pg.contentHashes(),
    announce,
    subscribe: (onIds, onGap) => announcements.subscribe((ids) => onIds(ids), onGap),
  };
  return { store: new AnnouncingStore(pg, announce), shared };
}

/** The PostgreSQL article store whose writes announce, once committed, the ids of the articles they touched. */
class AnnouncingStore implements ArticleStore {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly inner: PgArticleStore,
    private readonly announce: (ids: string[]) => Promise<void>,
  ) {}

  files = () => this.inner.files();
  ownersOf = (ids: string[]) => this.inner.ownersOf(ids);
  articles = (batchSize?: number) => this.inner.articles(batchSize);
  analysesOf = (ids: string[]) => this.inner.analysesOf(ids);
  counts = (version?: string) => this.inner.counts(version);
  loadIndexState = () => this.inner.loadIndexState();
  saveIndexState = (state: IndexStateWrite) => this.inner.saveIndexState(state);
  clearIndexState = () => this.inner.clearIndexState();
  close = () => this.inner.close();

  async putFiles(writes: FileWrite[]): Promise<void> {
    await this.inner.putFiles(writes);
    await this.announce(writes.flatMap((w) => (w.articles ?? []).map((a) => a.id)));
  }

  async deleteFiles(paths: string[]): Promise<string[]> {
    const removed = await this.inner.deleteFiles(paths);
    await this.announce(removed);
    return removed;
  }

  async putAnalyses(analyses: StoredAnalysis[]): Promise<void> {
    await this.inner.putAnalyses(analyses);
    await this.announce(analyses.map((a) => a.articleId));
  }
}
