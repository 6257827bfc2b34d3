import type { DeliveryLog } from '../store/types.ts';
import type { SlotOutcome } from './deliver.ts';

/**
 * Catch-up coalesced: the slots a schedule missed while the bot was down (or while every instance was) become ONE
 * digest, the newest slot's, which covers the whole gap (a digest starts where the last one ended). The older
 * slots are recorded as skipped with the reason, never posted in a burst. A slot that already has a row (another
 * instance claimed or finished it) is left to the usual rules. When even the newest slot is beyond the grace
 * period, nothing is coalesced: the grace rule records each as missed.
 */
export async function coalesceMissed(
  deliveries: DeliveryLog,
  scheduleId: string,
  due: number[],
  now: number,
  graceMs: number,
): Promise<{ remaining: number[]; skipped: SlotOutcome[] }> {
  if (due.length < 2) return { remaining: due, skipped: [] };
  const newest = due[due.length - 1];
  if (now - newest > graceMs) return { remaining: due, skipped: [] };
  const reason = `missed while down; covered by the catch-up digest of ${new Date(newest).toISOString()}`;
  const remaining: number[] = [];
  const skipped: SlotOutcome[] = [];
  for (const slot of due.slice(0, -1)) {
    if (await deliveries.recordSkipped(scheduleId, slot, now, reason))
      skipped.push({ scheduleId, slot: new Date(slot).toISOString(), result: 'skipped', reason });
    else remaining.push(slot);
  }
  remaining.push(newest);
  return { remaining, skipped };
}
