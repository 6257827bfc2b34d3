import { immediate, type Db } from './db.ts';

/**
 * The delivery log: one row per schedule slot (schedule id + the slot's instant), the heart of exactly-once.
 *
 * States:  claimed  - a process owns the slot (lease) and is building or waiting to retry; not yet on the wire.
 *          sending  - the post is on the wire: the platform may or may not have accepted it.
 *          posted   - the platform accepted it. Final: nothing ever posts this slot again.
 *          failed   - gave up (retries exhausted, or the outcome of an interrupted send is unknown). Final.
 *          skipped  - deliberately not posted (missed beyond the grace period, or nothing new). Final.
 *
 * Every transition runs in BEGIN IMMEDIATE and checks the owner, so of two processes only one ever holds a slot.
 */
export type DeliveryState = 'claimed' | 'sending' | 'posted' | 'failed' | 'skipped';

export interface DeliveryRecord {
  scheduleId: string;
  slot: number;
  state: DeliveryState;
  owner: string | null;
  leaseUntil: number | null;
  attempts: number;
  reason: string | null;
  coveredUntil: number | null;
  updatedAt: number;
}

export type ClaimResult =
  | { kind: 'claimed'; record: DeliveryRecord }
  /** A lease ran out while the slot was on the wire: whether the platform got it is unknown. */
  | { kind: 'interrupted-send'; record: DeliveryRecord }
  | { kind: 'busy' | 'done'; record: DeliveryRecord };

interface Row {
  schedule_id: string;
  slot: number;
  state: DeliveryState;
  owner: string | null;
  lease_until: number | null;
  attempts: number;
  reason: string | null;
  covered_until: number | null;
  updated_at: number;
}

const toRecord = (r: Row): DeliveryRecord => ({
  scheduleId: r.schedule_id,
  slot: r.slot,
  state: r.state,
  owner: r.owner,
  leaseUntil: r.lease_until,
  attempts: r.attempts,
  reason: r.reason,
  coveredUntil: r.covered_until,
  updatedAt: r.updated_at,
});

const FINAL: DeliveryState[] = ['posted', 'failed', 'skipped'];

export class DeliveryLog {
  constructor(private readonly db: Db) {}

  get(scheduleId: string, slot: number): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? AND slot = ?').get(scheduleId, slot) as Row | undefined;
    return row && toRecord(row);
  }

  /**
   * Takes the slot for `owner` until now + leaseMs. A free slot is inserted; a claimed one whose lease ran out
   * (its process died or hung) is taken over. A slot left in `sending` is handed back as interrupted-send
   * (and now owned by the caller) so the caller decides, knowing the post may already be out.
   */
  claim(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): ClaimResult {
    return immediate(this.db, () => {
      const current = this.get(scheduleId, slot);
      if (!current) {
        this.db
          .prepare("INSERT INTO deliveries (schedule_id, slot, state, owner, lease_until, attempts, updated_at) VALUES (?, ?, 'claimed', ?, ?, 0, ?)")
          .run(scheduleId, slot, owner, now + leaseMs, now);
        return { kind: 'claimed', record: this.get(scheduleId, slot)! };
      }
      if (FINAL.includes(current.state)) return { kind: 'done', record: current };
      const leaseLive = current.leaseUntil !== null && current.leaseUntil > now;
      if (leaseLive && current.owner !== owner) return { kind: 'busy', record: current };
      this.db.prepare('UPDATE deliveries SET owner = ?, lease_until = ?, updated_at = ? WHERE schedule_id = ? AND slot = ?').run(owner, now + leaseMs, now, scheduleId, slot);
      const record = this.get(scheduleId, slot)!;
      return { kind: current.state === 'sending' ? 'interrupted-send' : 'claimed', record };
    });
  }

  /** claimed -> sending, just before the platform call; false if the slot is no longer ours. */
  markSending(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): boolean {
    return this.transition(scheduleId, slot, owner, ['claimed'], { state: 'sending', lease_until: now + leaseMs, updated_at: now, attempts: '+1' });
  }

  /** sending -> posted, right after the platform accepted: final. */
  markPosted(scheduleId: string, slot: number, owner: string, now: number, coveredUntil: number): boolean {
    return this.transition(scheduleId, slot, owner, ['sending', 'claimed'], { state: 'posted', lease_until: null, updated_at: now, covered_until: coveredUntil, reason: null });
  }

  /** sending -> claimed after a definite refusal by the platform (nothing was posted), to retry later. */
  markRetry(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number, reason: string): boolean {
    return this.transition(scheduleId, slot, owner, ['sending'], { state: 'claimed', lease_until: now + leaseMs, updated_at: now, reason });
  }

  markFailed(scheduleId: string, slot: number, owner: string, now: number, reason: string): boolean {
    return this.transition(scheduleId, slot, owner, ['claimed', 'sending'], { state: 'failed', lease_until: null, updated_at: now, reason });
  }

  /** A claimed slot deliberately not posted (nothing new); coveredUntil moves the next digest's start on. */
  markSkipped(scheduleId: string, slot: number, owner: string, now: number, reason: string, coveredUntil: number | null = null): boolean {
    return this.transition(scheduleId, slot, owner, ['claimed'], { state: 'skipped', lease_until: null, updated_at: now, reason, covered_until: coveredUntil });
  }

  /**
   * A claimed slot this process will not post after all (it is stopping): the lease ends now, so the next start,
   * or another process, takes it over at once. Nothing was sent; the slot is handed back, not lost.
   */
  release(scheduleId: string, slot: number, owner: string, now: number): boolean {
    return this.transition(scheduleId, slot, owner, ['claimed'], { state: 'claimed', lease_until: now, updated_at: now, reason: 'handed back at shutdown' });
  }

  /** Records a slot nobody will post (missed beyond the grace period); leaves any existing row alone. */
  recordSkipped(scheduleId: string, slot: number, now: number, reason: string): boolean {
    const result = this.db
      .prepare("INSERT OR IGNORE INTO deliveries (schedule_id, slot, state, attempts, reason, updated_at) VALUES (?, ?, 'skipped', 0, ?, ?)")
      .run(scheduleId, slot, reason, now);
    return result.changes === 1;
  }

  /** Until when the schedule's digests have covered new material: the start of the next digest. */
  coveredUntil(scheduleId: string): number | null {
    const row = this.db.prepare('SELECT MAX(covered_until) AS t FROM deliveries WHERE schedule_id = ?').get(scheduleId) as { t: number | null };
    return row.t;
  }

  forSchedule(scheduleId: string): DeliveryRecord[] {
    return (this.db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? ORDER BY slot').all(scheduleId) as Row[]).map(toRecord);
  }

  all(): DeliveryRecord[] {
    return (this.db.prepare('SELECT * FROM deliveries ORDER BY slot, schedule_id').all() as Row[]).map(toRecord);
  }

  private transition(
    scheduleId: string,
    slot: number,
    owner: string,
    from: DeliveryState[],
    set: { state: DeliveryState; lease_until?: number | null; updated_at: number; covered_until?: number | null; reason?: string | null; attempts?: '+1' },
  ): boolean {
    const assignments = ['state = @state', 'updated_at = @updated_at'];
    const params: Record<string, unknown> = { state: set.state, updated_at: set.updated_at, scheduleId, slot, owner };
    for (const key of ['lease_until', 'covered_until', 'reason'] as const) {
      if (key in set) {
        assignments.push(`${key} = @${key}`);
        params[key] = set[key] ?? null;
      }
    }
    if (set.attempts) assignments.push('attempts = attempts + 1');
    const states = from.map((s) => `'${s}'`).join(', ');
    const sql = `UPDATE deliveries SET ${assignments.join(', ')} WHERE schedule_id = @scheduleId AND slot = @slot AND owner = @owner AND state IN (${states})`;
    return immediate(this.db, () => this.db.prepare(sql).run(params).changes === 1);
  }
}
