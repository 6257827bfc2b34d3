import type { Db } from './db.ts';

/** Who follows which name, on which platform; alerts already sent, so an article is announced to a user once. */
export interface FollowRecord {
  platform: string;
  userId: string;
  /** The name as resolved when followed (the entity's canonical name when known). */
  name: string;
  entityId: string | null;
  channelId: string | null;
  createdAt: number;
}

interface Row {
  platform: string;
  user_id: string;
  name: string;
  entity_id: string | null;
  channel_id: string | null;
  created_at: number;
}

const toRecord = (r: Row): FollowRecord => ({ platform: r.platform, userId: r.user_id, name: r.name, entityId: r.entity_id, channelId: r.channel_id, createdAt: r.created_at });

/** Case and spacing do not make a different follow. */
export const nameKey = (name: string) => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export class FollowStore {
  constructor(private readonly db: Db) {}

  /** Adds or refreshes a follow; returns false when it already existed. */
  follow(f: FollowRecord): boolean {
    const existed = this.db.prepare('SELECT 1 FROM follows WHERE platform = ? AND user_id = ? AND name_key = ?').get(f.platform, f.userId, nameKey(f.name));
    this.db
      .prepare(
        `INSERT INTO follows (platform, user_id, name_key, name, entity_id, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, user_id, name_key) DO UPDATE SET entity_id = excluded.entity_id, channel_id = excluded.channel_id`,
      )
      .run(f.platform, f.userId, nameKey(f.name), f.name, f.entityId, f.channelId, f.createdAt);
    return !existed;
  }

  /** Removes by the followed name or by any name that was resolved to the same entity. */
  unfollow(platform: string, userId: string, names: string[], entityId: string | null): FollowRecord[] {
    const mine = this.list(platform, userId);
    const keys = new Set(names.map(nameKey));
    const gone = mine.filter((f) => keys.has(nameKey(f.name)) || (entityId !== null && f.entityId === entityId));
    const del = this.db.prepare('DELETE FROM follows WHERE platform = ? AND user_id = ? AND name_key = ?');
    for (const f of gone) del.run(platform, userId, nameKey(f.name));
    return gone;
  }

  list(platform: string, userId: string): FollowRecord[] {
    return (this.db.prepare('SELECT * FROM follows WHERE platform = ? AND user_id = ? ORDER BY created_at, name').all(platform, userId) as Row[]).map(toRecord);
  }

  all(): FollowRecord[] {
    return (this.db.prepare('SELECT * FROM follows ORDER BY platform, user_id, name').all() as Row[]).map(toRecord);
  }

  /** Records an alert before it is sent (at most once per user, name and article version); false if already sent. */
  claimAlert(f: FollowRecord, articleId: string, contentHash: string, now: number): boolean {
    return (
      this.db
        .prepare('INSERT OR IGNORE INTO follow_alerts (platform, user_id, name_key, article_id, content_hash, sent_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(f.platform, f.userId, nameKey(f.name), articleId, contentHash, now).changes === 1
    );
  }
}
