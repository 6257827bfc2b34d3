/**
 * The feeds' state behind a small async interface: SQLite here (sqlite-store.ts), PostgreSQL on branch `pg`.
 * Async although better-sqlite3 is synchronous, so both implementations serve the same callers.
 */
import type { FeedOrigin, FeedRecord, FeedStateUpdate } from './types.ts';

export interface NewFeed {
  url: string;
  name: string | null;
  everyMinutes: number;
  origin: FeedOrigin;
  addedBy: string | null;
}

export interface FeedStore {
  list(): Promise<FeedRecord[]>;
  get(id: number): Promise<FeedRecord | null>;
  /** Adds a feed (first poll due at `now`); an existing URL is returned as it is, with created=false. */
  add(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }>;
  remove(id: number): Promise<boolean>;
  /** Makes the file's feeds the file-origin feeds: adds new ones, updates name and interval, removes those gone. */
  syncFileFeeds(feeds: NewFeed[], now: number): Promise<void>;
  update(id: number, update: FeedStateUpdate): Promise<void>;
  /** Feeds whose next poll is due at `now`, soonest first. */
  due(now: number, limit: number): Promise<FeedRecord[]>;
  /** Takes the feed's poll lease if nobody holds it (two polls of one feed never run at once, across processes). */
  claimPoll(id: number, owner: string, now: number, leaseMs: number): Promise<boolean>;
  releasePoll(id: number, owner: string): Promise<void>;
  /** Which of these keys (item GUIDs per feed, canonical URLs, content hashes) were taken before. */
  taken(keys: string[]): Promise<Set<string>>;
  /** Records keys as taken; keys already there stay as they were. */
  markTaken(feedId: number, keys: string[], now: number): Promise<void>;
}

/** The keys an item is known by: its GUID within its feed, its canonical URL, its content hash. */
export const takenKey = {
  guid: (feedId: number, guid: string) => `guid:${feedId}:${guid}`,
  url: (url: string) => `url:${url}`,
  hash: (hash: string) => `hash:${hash}`,
};
