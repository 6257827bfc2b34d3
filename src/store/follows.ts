import type { Db } from './db.ts';
import { followsToRemove, nameKey } from './decisions.ts';
import type { FollowRecord, FollowStore } from './types.ts';

export { nameKey } from './decisions.ts';
export type { FollowRecord } from './types.ts';

interface Row {
  platform: string;
  user_id: string;
  name: string;
  entity_id: string | null;
  channel_id: string | null;
  created_at: number;
}

export const toFollowRecord = (r: Row): FollowRecord => ({
  platform: r.platform,
  userId: r.user_id,
  name: r.name,
  entityId: r.entity_id,
  channelId: r.channel_id,
  createdAt: Number(r.created_at),
});

/** Follows and sent alerts on SQLite. */
export class SqliteFollows implements FollowStore {
  constructor(private readonly db: Db) {}

  async follow(f: FollowRecord) {
    const existed = this.db
      .prepare('SELECT 1 FROM follows WHERE platform = ? AND user_id = ? AND name_key = ?')
      .get(f.platform, f.userId, nameKey(f.name));
    this.db
      .prepare(
        `INSERT INTO follows (platform, user_id, name_key, name, entity_id, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, user_id, name_key) DO UPDATE SET entity_id = excluded.entity_id, channel_id = excluded.channel_id`,
      )
      .run(f.platform, f.userId, nameKey(f.name), f.name, f.entityId, f.channelId, f.createdAt);
    return !existed;
  }

  async unfollow(platform: string, userId: string, names: string[], entityId: string | null) {
    const gone = followsToRemove(await this.list(platform, userId), names, entityId);
    const del = this.db.prepare('DELETE FROM follows WHERE platform = ? AND user_id = ? AND name_key = ?');
    for (const f of gone) del.run(platform, userId, nameKey(f.name));
    return gone;
  }

  async list(platform: string, userId: string) {
    return (
      this.db
        .prepare('SELECT * FROM follows WHERE platform = ? AND user_id = ? ORDER BY created_at, name')
        .all(platform, userId) as Row[]
    ).map(toFollowRecord);
  }

  async all() {
    return (this.db.prepare('SELECT * FROM follows ORDER BY platform, user_id, name').all() as Row[]).map(
      toFollowRecord,
    );
  }

  async claimAlert(f: FollowRecord, articleId: string, contentHash: string, now: number) {
    return (
      this.db
        .prepare(
          'INSERT OR IGNORE INTO follow_alerts (platform, user_id, name_key, article_id, content_hash, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(f.platform, f.userId, nameKey(f.name), articleId, contentHash, now).changes === 1
    );
  }
}
