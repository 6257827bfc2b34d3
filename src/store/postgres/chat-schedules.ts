import { toScheduleRecord } from '../chat-schedules.ts';
import type { ChatScheduleRecord, ChatScheduleStore, ScheduleCursors } from '../types.ts';
import type { Pool } from './pool.ts';

type Row = Parameters<typeof toScheduleRecord>[0];

/** Chat schedules on PostgreSQL: a schedule added through one instance is in the table the others read. */
export class PgChatSchedules implements ChatScheduleStore {
  constructor(private readonly pool: Pool) {}

  async add(s: Omit<ChatScheduleRecord, 'id'>) {
    const { rows } = await this.pool.query<{ id: number }>(
      'INSERT INTO chat_schedules (platform, channel_id, cron, time_zone, topics, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
      [s.platform, s.channelId, s.cron, s.timeZone, JSON.stringify(s.topics), s.createdBy, s.createdAt],
    );
    return { ...s, id: rows[0].id };
  }

  async list(where?: { platform: string; channelId: string }) {
    const { rows } = where
      ? await this.pool.query<Row>(
          'SELECT * FROM chat_schedules WHERE removed_at IS NULL AND platform = $1 AND channel_id = $2 ORDER BY id',
          [where.platform, where.channelId],
        )
      : await this.pool.query<Row>('SELECT * FROM chat_schedules WHERE removed_at IS NULL ORDER BY id');
    return rows.map(toScheduleRecord);
  }

  async remove(platform: string, channelId: string, id: number, now: number) {
    const result = await this.pool.query(
      'UPDATE chat_schedules SET removed_at = $1 WHERE id = $2 AND platform = $3 AND channel_id = $4 AND removed_at IS NULL',
      [now, id, platform, channelId],
    );
    return result.rowCount === 1;
  }
}

/** Schedule cursors on PostgreSQL. */
export class PgScheduleCursors implements ScheduleCursors {
  constructor(private readonly pool: Pool) {}

  async get(scheduleId: string) {
    const { rows } = await this.pool.query<{ checked_until: number }>(
      'SELECT checked_until FROM schedule_cursors WHERE schedule_id = $1',
      [scheduleId],
    );
    return rows[0]?.checked_until ?? null;
  }

  async init(scheduleId: string, at: number) {
    await this.pool.query(
      'INSERT INTO schedule_cursors (schedule_id, checked_until) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [scheduleId, at],
    );
    return (await this.get(scheduleId))!;
  }

  async advance(scheduleId: string, to: number) {
    await this.pool.query(
      'INSERT INTO schedule_cursors (schedule_id, checked_until) VALUES ($1, $2) ON CONFLICT (schedule_id) DO UPDATE SET checked_until = GREATEST(schedule_cursors.checked_until, excluded.checked_until)',
      [scheduleId, to],
    );
  }
}
