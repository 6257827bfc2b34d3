/** FeedStore on the bot's SQLite database (src/store/db.ts, migration 2). */
import type { Db } from '../store/db.ts';
import type { FeedStore, NewFeed } from './store.ts';
import type { FeedRecord, FeedStateUpdate } from './types.ts';

/** A feeds row as both stores read it (src/feeds/pg-store.ts too). */
export interface FeedRow {
  id: number;
  url: string;
  name: string | null;
  every_minutes: number;
  origin: 'file' | 'chat';
  added_by: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: number | null;
  last_status: number | null;
  items_taken: number;
  last_error: string | null;
  last_note: string | null;
  next_poll_at: number;
  failures: number;
}

export const toRecord = (r: FeedRow): FeedRecord => ({
  id: r.id,
  url: r.url,
  name: r.name,
  everyMinutes: r.every_minutes,
  origin: r.origin,
  addedBy: r.added_by,
  etag: r.etag,
  lastModified: r.last_modified,
  lastFetchAt: r.last_fetch_at,
  lastStatus: r.last_status,
  itemsTaken: r.items_taken,
  lastError: r.last_error,
  lastNote: r.last_note,
  nextPollAt: r.next_poll_at,
  failures: r.failures,
});

/** The FeedStateUpdate keys and their columns (both stores). */
export const COLUMNS: Record<keyof Omit<FeedStateUpdate, 'itemsTakenDelta'>, string> = {
  name: 'name',
  etag: 'etag',
  lastModified: 'last_modified',
  lastFetchAt: 'last_fetch_at',
  lastStatus: 'last_status',
  lastError: 'last_error',
  lastNote: 'last_note',
  nextPollAt: 'next_poll_at',
  failures: 'failures',
};

/** A state update as SET clauses and their values; `param(n)` spells the n-th parameter (1-based) in the dialect. */
export function stateUpdateSql(
  update: FeedStateUpdate,
  param: (n: number) => string,
): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    if (update[key] !== undefined) {
      values.push(update[key]);
      sets.push(`${column} = ${param(values.length)}`);
    }
  }
  if (update.itemsTakenDelta) {
    values.push(update.itemsTakenDelta);
    sets.push(`items_taken = items_taken + ${param(values.length)}`);
  }
  return { sets, values };
}

/** SQLite limits bound parameters; keys are looked up in slices of this many. */
const KEYS_PER_QUERY = 500;

export class SqliteFeedStore implements FeedStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<FeedRecord[]> {
    return (this.db.prepare('SELECT * FROM feeds ORDER BY id').all() as FeedRow[]).map(toRecord);
  }

  async get(id: number): Promise<FeedRecord | null> {
    const row = this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(id) as FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  async add(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    return this.db
      .transaction(() => {
        const existing = this.db.prepare('SELECT * FROM feeds WHERE url = ?').get(feed.url) as FeedRow | undefined;
        if (existing) return { feed: toRecord(existing), created: false };
        const info = this.db
          .prepare(
            'INSERT INTO feeds (url, name, every_minutes, origin, added_by, next_poll_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(feed.url, feed.name, feed.everyMinutes, feed.origin, feed.addedBy, now, now);
        return {
          feed: toRecord(this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(info.lastInsertRowid) as FeedRow),
          created: true,
        };
      })
      .immediate();
  }

  async remove(id: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM feeds WHERE id = ?').run(id).changes > 0;
  }

  async syncFileFeeds(feeds: NewFeed[], now: number): Promise<void> {
    this.db
      .transaction(() => {
        const urls = new Set(feeds.map((f) => f.url));
        for (const row of this.db.prepare("SELECT id, url FROM feeds WHERE origin = 'file'").all() as {
          id: number;
          url: string;
        }[]) {
          if (!urls.has(row.url)) this.db.prepare('DELETE FROM feeds WHERE id = ?').run(row.id);
        }
        for (const f of feeds) {
          this.db
            .prepare(
              `INSERT INTO feeds (url, name, every_minutes, origin, added_by, next_poll_at, created_at) VALUES (?, ?, ?, 'file', NULL, ?, ?)
             ON CONFLICT (url) DO UPDATE SET name = COALESCE(excluded.name, feeds.name), every_minutes = excluded.every_minutes, origin = 'file'`,
            )
            .run(f.url, f.name, f.everyMinutes, now, now);
        }
      })
      .immediate();
  }

  async update(id: number, update: FeedStateUpdate): Promise<void> {
    const { sets, values } = stateUpdateSql(update, () => '?');
    if (sets.length) this.db.prepare(`UPDATE feeds SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  async due(now: number, limit: number): Promise<FeedRecord[]> {
    return (
      this.db
        .prepare('SELECT * FROM feeds WHERE next_poll_at <= ? ORDER BY next_poll_at LIMIT ?')
        .all(now, limit) as FeedRow[]
    ).map(toRecord);
  }

  async claimPoll(id: number, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const info = this.db
      .prepare(
        'UPDATE feeds SET poll_owner = ?, poll_lease_until = ? WHERE id = ? AND (poll_lease_until IS NULL OR poll_lease_until <= ?)',
      )
      .run(owner, now + leaseMs, id, now);
    return info.changes > 0;
  }

  async releasePoll(id: number, owner: string): Promise<void> {
    this.db
      .prepare('UPDATE feeds SET poll_owner = NULL, poll_lease_until = NULL WHERE id = ? AND poll_owner = ?')
      .run(id, owner);
  }

  async taken(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const slice = keys.slice(i, i + KEYS_PER_QUERY);
      const rows = this.db
        .prepare(`SELECT key FROM feed_items_taken WHERE key IN (${slice.map(() => '?').join(', ')})`)
        .all(...slice) as { key: string }[];
      for (const r of rows) found.add(r.key);
    }
    return found;
  }

  async markTaken(feedId: number, keys: string[], now: number): Promise<void> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO feed_items_taken (key, feed_id, taken_at) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const key of keys) insert.run(key, feedId, now);
    })();
  }
}
