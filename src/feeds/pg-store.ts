/**
 * FeedStore on PostgreSQL (DATABASE_URL): the feeds and their poll state shared by every instance, in the tables
 * of the state store's migrations (src/store/db.ts, the same steps as SQLite's). A feed added through one instance
 * is a row the others read at once; only one instance polls a feed at a time: claimPoll takes the feed's lease in
 * one UPDATE (row lock), and a dead instance's lease is taken over once it has run out.
 */
import type { Pool } from '../store/postgres/pool.ts';
import { stateUpdateSql, toRecord, type FeedRow } from './sqlite-store.ts';
import type { FeedStore, NewFeed } from './store.ts';
import type { FeedRecord, FeedStateUpdate } from './types.ts';

/** Keys per statement: bounded parameter arrays. */
const KEYS_PER_QUERY = 1000;

export class PgFeedStore implements FeedStore {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<FeedRecord[]> {
    return (await this.pool.query<FeedRow>('SELECT * FROM feeds ORDER BY id')).rows.map(toRecord);
  }

  async get(id: number): Promise<FeedRecord | null> {
    const { rows } = await this.pool.query<FeedRow>('SELECT * FROM feeds WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async add(feed: NewFeed, now: number): Promise<{ feed: FeedRecord; created: boolean }> {
    // One statement: two instances adding one URL at once get one row, and the second learns it existed.
    const inserted = await this.pool.query<FeedRow>(
      `INSERT INTO feeds (url, name, every_minutes, origin, added_by, next_poll_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (url) DO NOTHING RETURNING *`,
      [feed.url, feed.name, feed.everyMinutes, feed.origin, feed.addedBy, now],
    );
    if (inserted.rows[0]) return { feed: toRecord(inserted.rows[0]), created: true };
    const { rows } = await this.pool.query<FeedRow>('SELECT * FROM feeds WHERE url = $1', [feed.url]);
    if (!rows[0]) return this.add(feed, now); // removed in between: add it again
    return { feed: toRecord(rows[0]), created: false };
  }

  async remove(id: number): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM feeds WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async syncFileFeeds(feeds: NewFeed[], now: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("DELETE FROM feeds WHERE origin = 'file' AND NOT (url = ANY($1::text[]))", [
        feeds.map((f) => f.url),
      ]);
      for (const f of feeds) {
        await client.query(
          `INSERT INTO feeds (url, name, every_minutes, origin, added_by, next_poll_at, created_at) VALUES ($1, $2, $3, 'file', NULL, $4, $4)
           ON CONFLICT (url) DO UPDATE SET name = COALESCE(excluded.name, feeds.name), every_minutes = excluded.every_minutes, origin = 'file'`,
          [f.url, f.name, f.everyMinutes, now],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async update(id: number, update: FeedStateUpdate): Promise<void> {
    const { sets, values } = stateUpdateSql(update, (n) => `$${n}`);
    if (sets.length)
      await this.pool.query(`UPDATE feeds SET ${sets.join(', ')} WHERE id = $${values.length + 1}`, [...values, id]);
  }

  async due(now: number, limit: number): Promise<FeedRecord[]> {
    return (
      await this.pool.query<FeedRow>(
        'SELECT * FROM feeds WHERE next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2',
        [now, limit],
      )
    ).rows.map(toRecord);
  }

  async claimPoll(id: number, owner: string, now: number, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE feeds SET poll_owner = $1, poll_lease_until = $2 WHERE id = $3 AND (poll_lease_until IS NULL OR poll_lease_until <= $4)',
      [owner, now + leaseMs, id, now],
    );
    return (rowCount ?? 0) > 0;
  }

  async releasePoll(id: number, owner: string): Promise<void> {
    await this.pool.query(
      'UPDATE feeds SET poll_owner = NULL, poll_lease_until = NULL WHERE id = $1 AND poll_owner = $2',
      [id, owner],
    );
  }

  async taken(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      const { rows } = await this.pool.query<{ key: string }>(
        'SELECT key FROM feed_items_taken WHERE key = ANY($1::text[])',
        [keys.slice(i, i + KEYS_PER_QUERY)],
      );
      for (const r of rows) found.add(r.key);
    }
    return found;
  }

  async markTaken(feedId: number, keys: string[], now: number): Promise<void> {
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      await this.pool.query(
        'INSERT INTO feed_items_taken (key, feed_id, taken_at) SELECT k, $2, $3 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING',
        [keys.slice(i, i + KEYS_PER_QUERY), feedId, now],
      );
    }
  }
}
