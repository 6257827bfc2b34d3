import { followsToRemove, nameKey } from '../decisions.ts';
import { toFollowRecord } from '../follows.ts';
import type { FollowRecord, FollowStore } from '../types.ts';
import type { Pool } from './pool.ts';

type Row = Parameters<typeof toFollowRecord>[0];

/** Follows and sent alerts on PostgreSQL: an alert is claimed by one instance only (primary key). */
export class PgFollows implements FollowStore {
  constructor(private readonly pool: Pool) {}

  async follow(f: FollowRecord) {
    // xmax = 0 only on a freshly inserted row: whether the follow existed, in the same statement.
    const { rows } = await this.pool.query<{ inserted: boolean }>(
      `INSERT INTO follows (platform, user_id, name_key, name, entity_id, channel_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, user_id, name_key) DO UPDATE SET entity_id = excluded.entity_id, channel_id = excluded.channel_id
       RETURNING (xmax = 0) AS inserted`,
      [f.platform, f.userId, nameKey(f.name), f.name, f.entityId, f.channelId, f.createdAt],
    );
    return rows[0].inserted;
  }

  async unfollow(platform: string, userId: string, names: string[], entityId: string | null) {
    const gone = followsToRemove(await this.list(platform, userId), names, entityId);
    if (gone.length)
      await this.pool.query('DELETE FROM follows WHERE platform = $1 AND user_id = $2 AND name_key = ANY($3::text[])', [
        platform,
        userId,
        gone.map((f) => nameKey(f.name)),
      ]);
    return gone;
  }

  async list(platform: string, userId: string) {
    return (
      await this.pool.query<Row>(
        'SELECT * FROM follows WHERE platform = $1 AND user_id = $2 ORDER BY created_at, name',
        [platform, userId],
      )
    ).rows.map(toFollowRecord);
  }

  async all() {
    return (await this.pool.query<Row>('SELECT * FROM follows ORDER BY platform, user_id, name')).rows.map(
      toFollowRecord,
    );
  }

  async claimAlert(f: FollowRecord, articleId: string, contentHash: string, now: number) {
    const result = await this.pool.query(
      'INSERT INTO follow_alerts (platform, user_id, name_key, article_id, content_hash, sent_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [f.platform, f.userId, nameKey(f.name), articleId, contentHash, now],
    );
    return result.rowCount === 1;
  }
}
