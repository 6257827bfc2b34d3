import { TRANSITIONS, type TransitionSet } from './decisions.ts';
import type { DeliveryLog, DeliveryState } from './types.ts';

type Marks = Pick<DeliveryLog, 'markSending' | 'markPosted' | 'markRetry' | 'markFailed' | 'markSkipped' | 'release'>;

/**
 * The delivery log's transitions, written once: each names the states it may leave (TRANSITIONS) and the columns it
 * sets. A backend (SQLite in deliveries.ts, PostgreSQL in postgres/deliveries.ts) supplies only `transition`, the
 * one conditional UPDATE in its own SQL, which succeeds only for the slot's owner and from one of those states.
 */
export abstract class DeliveryTransitions implements Marks {
  protected abstract transition(
    scheduleId: string,
    slot: number,
    owner: string,
    from: readonly DeliveryState[],
    set: TransitionSet,
  ): boolean | Promise<boolean>;

  async markSending(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.sending, {
      state: 'sending',
      lease_until: now + leaseMs,
      updated_at: now,
      attempts: '+1',
    });
  }

  async markPosted(scheduleId: string, slot: number, owner: string, now: number, coveredUntil: number) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.posted, {
      state: 'posted',
      lease_until: null,
      updated_at: now,
      covered_until: coveredUntil,
      reason: null,
    });
  }

  async markRetry(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number, reason: string) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.retry, {
      state: 'claimed',
      lease_until: now + leaseMs,
      updated_at: now,
      reason,
    });
  }

  async markFailed(scheduleId: string, slot: number, owner: string, now: number, reason: string) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.failed, {
      state: 'failed',
      lease_until: null,
      updated_at: now,
      reason,
    });
  }

  async markSkipped(
    scheduleId: string,
    slot: number,
    owner: string,
    now: number,
    reason: string,
    coveredUntil: number | null = null,
  ) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.skipped, {
      state: 'skipped',
      lease_until: null,
      updated_at: now,
      reason,
      covered_until: coveredUntil,
    });
  }

  /**
   * A claimed slot this process will not post after all (it is stopping): the lease ends now, so the next start,
   * or another process, takes it over at once. Nothing was sent; the slot is handed back, not lost.
   */
  async release(scheduleId: string, slot: number, owner: string, now: number) {
    return this.transition(scheduleId, slot, owner, TRANSITIONS.release, {
      state: 'claimed',
      lease_until: now,
      updated_at: now,
      reason: 'handed back at shutdown',
    });
  }
}
