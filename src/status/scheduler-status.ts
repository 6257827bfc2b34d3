import { nextSlot, type Scheduler } from '../scheduler/index.ts';
import type { DeliveryStatus, ScheduleStatus, StatusSource } from './types.ts';

/** The schedules in force and the newest deliveries (from the delivery log, SQLite or PostgreSQL), for the status page. */
export function schedulerStatus(
  scheduler: Pick<Scheduler, 'schedules' | 'store'>,
): Pick<StatusSource, 'schedules' | 'deliveries'> {
  return {
    schedules: (): ScheduleStatus[] =>
      scheduler.schedules().map((s) => ({
        id: s.id,
        name: s.name,
        target: `${s.target.platform} ${s.target.channelId}`,
        cron: s.cron,
        timeZone: s.timeZone,
        nextRun: nextSlot(s.cron, s.timeZone, new Date())?.toISOString() ?? null,
      })),
    deliveries: async (limit: number): Promise<DeliveryStatus[]> =>
      (await scheduler.store.deliveries.recent(Math.max(1, Math.min(limit, 500)))).map((r) => ({
        scheduleId: r.scheduleId,
        slot: new Date(r.slot).toISOString(),
        outcome: r.state === 'posted' || r.state === 'skipped' || r.state === 'failed' ? r.state : 'pending',
        reason: r.reason,
        attempts: r.attempts,
        updatedAt: new Date(r.updatedAt).toISOString(),
      })),
  };
}
