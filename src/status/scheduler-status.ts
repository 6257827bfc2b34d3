import { nextSlot, type Scheduler } from '../scheduler/index.ts';
import type { DeliveryStatus, ScheduleStatus, StatusSource } from './types.ts';

interface DeliveryRow {
  schedule_id: string;
  slot: number;
  state: string;
  reason: string | null;
  attempts: number;
  updated_at: number;
}

/** The schedules in force and the newest deliveries (from the delivery log in SQLite), for the status page. */
export function schedulerStatus(scheduler: Pick<Scheduler, 'schedules' | 'store'>): Pick<StatusSource, 'schedules' | 'deliveries'> {
  const recent = scheduler.store.db.prepare('SELECT schedule_id, slot, state, reason, attempts, updated_at FROM deliveries ORDER BY updated_at DESC LIMIT ?');
  return {
    schedules: (): ScheduleStatus[] =>
      scheduler.schedules().map((s) => ({ id: s.id, name: s.name, target: `${s.target.platform} ${s.target.channelId}`, cron: s.cron, timeZone: s.timeZone, nextRun: nextSlot(s.cron, s.timeZone, new Date())?.toISOString() ?? null })),
    deliveries: (limit: number): DeliveryStatus[] =>
      (recent.all(Math.max(1, Math.min(limit, 500))) as DeliveryRow[]).map((r) => ({
        scheduleId: r.schedule_id,
        slot: new Date(r.slot).toISOString(),
        outcome: r.state === 'posted' || r.state === 'skipped' || r.state === 'failed' ? r.state : 'pending',
        reason: r.reason,
        attempts: r.attempts,
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
  };
}
