import { immediate, type Db } from './db.ts';

/** A schedule made in chat with /schedule add, stored per channel. */
export interface ChatScheduleRecord {
  id: number;
  platform: string;
  channelId: string;
  cron: string;
  timeZone: string;
  topics: string[];
  createdBy: string;
  createdAt: number;
}

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

const toRecord = (r: Row): ChatScheduleRecord => ({
  id: r.id,
  platform: r.platform,
  channelId: r.channel_id,
  cron: r.cron,
  timeZone: r.time_zone,
  topics: JSON.parse(r.topics) as string[],
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export class ChatScheduleStore {
  constructor(private readonly db: Db) {}

  add(s: Omit<ChatScheduleRecord, 'id'>): ChatScheduleRecord {
    const result = this.db
      .prepare('INSERT INTO chat_schedules (platform, channel_id, cron, time_zone, topics, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(s.platform, s.channelId, s.cron, s.timeZone, JSON.stringify(s.topics), s.createdBy, s.createdAt);
    return { ...s, id: Number(result.lastInsertRowid) };
  }

  /** Live schedules, oldest first; of one channel when given. */
  list(where?: { platform: string; channelId: string }): ChatScheduleRecord[] {
    const rows = where
      ? this.db.prepare('SELECT * FROM chat_schedules WHERE removed_at IS NULL AND platform = ? AND channel_id = ? ORDER BY id').all(where.platform, where.channelId)
      : this.db.prepare('SELECT * FROM chat_schedules WHERE removed_at IS NULL ORDER BY id').all();
    return (rows as Row[]).map(toRecord);
  }

  /** Removes a schedule of that channel (a schedule id from another channel is not found, on purpose). */
  remove(platform: string, channelId: string, id: number, now: number): boolean {
    return this.db.prepare('UPDATE chat_schedules SET removed_at = ? WHERE id = ? AND platform = ? AND channel_id = ? AND removed_at IS NULL').run(now, id, platform, channelId).changes === 1;
  }
}

/**
 * Up to when each schedule's slots have been looked at. A restart catches up from here, so slots from before a
 * schedule existed are never invented, and slots missed while down are found.
 */
export class ScheduleCursors {
  constructor(private readonly db: Db) {}

  get(scheduleId: string): number | null {
    const row = this.db.prepare('SELECT checked_until FROM schedule_cursors WHERE schedule_id = ?').get(scheduleId) as { checked_until: number } | undefined;
    return row?.checked_until ?? null;
  }

  /** Sets the cursor the first time, returning the value in force (another process may have set it first). */
  init(scheduleId: string, at: number): number {
    return immediate(this.db, () => {
      this.db.prepare('INSERT OR IGNORE INTO schedule_cursors (schedule_id, checked_until) VALUES (?, ?)').run(scheduleId, at);
      return this.get(scheduleId)!;
    });
  }

  /** Moves forward only: two processes advancing together never move it back. */
  advance(scheduleId: string, to: number): void {
    this.db
      .prepare('INSERT INTO schedule_cursors (schedule_id, checked_until) VALUES (?, ?) ON CONFLICT (schedule_id) DO UPDATE SET checked_until = MAX(checked_until, excluded.checked_until)')
      .run(scheduleId, to);
  }
}
