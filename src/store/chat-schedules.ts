import { immediate, type Db } from './db.ts';
import type { ChatScheduleRecord, ChatScheduleStore, ScheduleCursors } from './types.ts';

export type { ChatScheduleRecord } from './types.ts';

interface Row {
  id: number;
  platform: string;
  channel_id: string;
  cron: string;
  time_zone: string;
  topics: string;
  created_by: string;
  created_at: number;
}

export const toScheduleRecord = (r: Row): ChatScheduleRecord => ({
  id: Number(r.id),
  platform: r.platform,
  channelId: r.channel_id,
  cron: r.cron,
  timeZone: r.time_zone,
  topics: JSON.parse(r.topics) as string[],
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
});

/** Chat schedules on SQLite. */
export class SqliteChatSchedules implements ChatScheduleStore {
  constructor(private readonly db: Db) {}

  async add(s: Omit<ChatScheduleRecord, 'id'>) {
    const result = this.db
      .prepare(
        'INSERT INTO chat_schedules (platform, channel_id, cron, time_zone, topics, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(s.platform, s.channelId, s.cron, s.timeZone, JSON.stringify(s.topics), s.createdBy, s.createdAt);
    return { ...s, id: Number(result.lastInsertRowid) };
  }

  async list(where?: { platform: string; channelId: string }) {
    const rows = where
      ? this.db
          .prepare(
            'SELECT * FROM chat_schedules WHERE removed_at IS NULL AND platform = ? AND channel_id = ? ORDER BY id',
          )
          .all(where.platform, where.channelId)
      : this.db.prepare('SELECT * FROM chat_schedules WHERE removed_at IS NULL ORDER BY id').all();
    return (rows as Row[]).map(toScheduleRecord);
  }

  async remove(platform: string, channelId: string, id: number, now: number) {
    return (
      this.db
        .prepare(
          'UPDATE chat_schedules SET removed_at = ? WHERE id = ? AND platform = ? AND channel_id = ? AND removed_at IS NULL',
        )
        .run(now, id, platform, channelId).changes === 1
    );
  }
}

/** Schedule cursors on SQLite. */
export class SqliteScheduleCursors implements ScheduleCursors {
  constructor(private readonly db: Db) {}

  private read(scheduleId: string): number | null {
    const row = this.db.prepare('SELECT checked_until FROM schedule_cursors WHERE schedule_id = ?').get(scheduleId) as
      | { checked_until: number }
      | undefined;
    return row?.checked_until ?? null;
  }

  async get(scheduleId: string) {
    return this.read(scheduleId);
  }

  async init(scheduleId: string, at: number) {
    return immediate(this.db, () => {
      this.db
        .prepare('INSERT OR IGNORE INTO schedule_cursors (schedule_id, checked_until) VALUES (?, ?)')
        .run(scheduleId, at);
      return this.read(scheduleId)!;
    });
  }

  async advance(scheduleId: string, to: number) {
    this.db
      .prepare(
        'INSERT INTO schedule_cursors (schedule_id, checked_until) VALUES (?, ?) ON CONFLICT (schedule_id) DO UPDATE SET checked_until = MAX(checked_until, excluded.checked_until)',
      )
      .run(scheduleId, to);
  }
}
