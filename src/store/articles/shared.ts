/**
 * What an article store shared by several instances (PostgreSQL) adds to the ArticleStore interface: who does a
 * piece of work (one instance at a time per key), and the announcements by which the others learn of articles
 * stored, changed or removed, so that an article is understood once, by one instance, and loaded by the others.
 * SQLite in DATA_DIR has no such thing: one process owns it.
 */
import type { SourceFile, StoredArticle } from './types.ts';

export interface Subscription {
  close(): Promise<void>;
}

export interface SharedCorpus {
  /** This instance's name in announcements (its own are not handed back to it). */
  readonly instance: string;
  /** Runs fn while no other instance runs one under the same key (a session advisory lock). */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The file row of this instance's origin, as another instance may have just written it. */
  file(path: string): Promise<SourceFile | null>;
  /** These articles with their analyses, of any origin (absent: removed). */
  articlesOf(ids: string[]): Promise<StoredArticle[]>;
  /** Every article's content hash, by id: what an instance that missed announcements compares itself with. */
  contentHashes(): Promise<Map<string, string>>;
  /** Tells the other instances these article ids were stored, changed or removed. */
  announce(ids: string[]): Promise<void>;
  /** Hands over ids the others announce; onGap after a lost connection (announcements may have been missed). */
  subscribe(onIds: (ids: string[]) => void, onGap: (reason: string) => void): Promise<Subscription>;
}
