/** Feeds: what is followed, how each poll went, and what a feed item is once parsed. */

/** One item of a feed, whatever its format (RSS 0.9x/1.0/2.0, Atom, JSON Feed). */
export interface FeedItem {
  /** The item's own id (guid, Atom id, JSON Feed id), else its link, else a hash of title and content. */
  guid: string;
  url: string | null;
  /** Plain text (HTML in titles is taken out). */
  title: string;
  /** ISO date-time as the feed states it, or null when absent or unreadable. */
  date: string | null;
  /** The feed's own content or summary for the item, as HTML or text. */
  content: string;
  author: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json' | 'rdf';
  title: string | null;
  /** The site the feed belongs to (its link), if it says. */
  link: string | null;
  items: FeedItem[];
}

export type FeedOrigin = 'file' | 'chat';

/** A feed as followed, with its poll state: what `/feeds list` shows. */
export interface FeedRecord {
  id: number;
  url: string;
  /** The configured name, else the feed's own title once known. */
  name: string | null;
  /** Minutes between polls (at least 1). */
  everyMinutes: number;
  origin: FeedOrigin;
  addedBy: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Epoch ms of the last poll attempt that got an answer or failed, null before the first. */
  lastFetchAt: number | null;
  /** HTTP status of the last poll, or null. */
  lastStatus: number | null;
  itemsTaken: number;
  /** Plain words, null when the last poll went well. */
  lastError: string | null;
  /** A note about the last items (e.g. "2 pages could not be read: kept the feed's text"), null if none. */
  lastNote: string | null;
  nextPollAt: number;
  /** Failures in a row (for back-off). */
  failures: number;
}

/** What a poll changes in a feed's state. */
export type FeedStateUpdate = Partial<
  Pick<
    FeedRecord,
    | 'name'
    | 'etag'
    | 'lastModified'
    | 'lastFetchAt'
    | 'lastStatus'
    | 'lastError'
    | 'lastNote'
    | 'nextPollAt'
    | 'failures'
  >
> & {
  /** Added to itemsTaken. */
  itemsTakenDelta?: number;
};
