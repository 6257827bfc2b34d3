import { immediate, type Db } from './db.ts';
import { DeliveryTransitions } from './delivery-transitions.ts';
import { claimDecision, TRANSITION_COLUMNS, type TransitionSet } from './decisions.ts';
import type { ClaimResult, DeliveryLog, DeliveryRecord, DeliveryState } from './types.ts';

export type { ClaimResult, DeliveryRecord, DeliveryState } from './types.ts';

/** The delivery log on SQLite (the states are described in types.ts). Every transition runs in BEGIN IMMEDIATE. */
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

export const toDeliveryRecord = (r: Row): DeliveryRecord => ({
  scheduleId: r.schedule_id,
  slot: Number(r.slot),
  state: r.state,
  owner: r.owner,
  leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  attempts: r.attempts,
  reason: r.reason,
  coveredUntil: r.covered_until === null ? null : Number(r.covered_until),
  updatedAt: Number(r.updated_at),
});

export class SqliteDeliveryLog extends DeliveryTransitions implements DeliveryLog {
  constructor(private readonly db: Db) {
    super();
  }

  private row(scheduleId: string, slot: number): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? AND slot = ?').get(scheduleId, slot) as
      | Row
      | undefined;
    return row && toDeliveryRecord(row);
  }

  async get(scheduleId: string, slot: number) {
    return this.row(scheduleId, slot);
  }

  async claim(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): Promise<ClaimResult> {
    return immediate(this.db, () => {
      const current = this.row(scheduleId, slot);
      if (!current) {
        this.db
          .prepare(
            "INSERT INTO deliveries (schedule_id, slot, state, owner, lease_until, attempts, updated_at) VALUES (?, ?, 'claimed', ?, ?, 0, ?)",
          )
          .run(scheduleId, slot, owner, now + leaseMs, now);
        return { kind: 'claimed', record: this.row(scheduleId, slot)! };
      }
      const decision = claimDecision(current, owner, now);
      if (!decision.take) return decision.result;
      this.db
        .prepare('UPDATE deliveries SET owner = ?, lease_until = ?, updated_at = ? WHERE schedule_id = ? AND slot = ?')
        .run(owner, now + leaseMs, now, scheduleId, slot);
      return { kind: decision.kind, record: this.row(scheduleId, slot)! };
    });
  }

  /** Records a slot nobody will post (missed beyond the grace period); leaves any existing row alone. */
  async recordSkipped(scheduleId: string, slot: number, now: number, reason: string) {
    const result = this.db
      .prepare(
        "INSERT OR IGNORE INTO deliveries (schedule_id, slot, state, attempts, reason, updated_at) VALUES (?, ?, 'skipped', 0, ?, ?)",
      )
      .run(scheduleId, slot, reason, now);
    return result.changes === 1;
  }

  async coveredUntil(scheduleId: string) {
    const row = this.db
      .prepare('SELECT MAX(covered_until) AS t FROM deliveries WHERE schedule_id = ?')
      .get(scheduleId) as { t: number | null };
    return row.t;
  }

  async forSchedule(scheduleId: string) {
    return (
      this.db.prepare('SELECT * FROM deliveries WHERE schedule_id = ? ORDER BY slot').all(scheduleId) as Row[]
    ).map(toDeliveryRecord);
  }

  async recent(limit: number) {
    return (this.db.prepare('SELECT * FROM deliveries ORDER BY updated_at DESC LIMIT ?').all(limit) as Row[]).map(
      toDeliveryRecord,
    );
  }

  async all() {
    return (this.db.prepare('SELECT * FROM deliveries ORDER BY slot, schedule_id').all() as Row[]).map(
      toDeliveryRecord,
    );
  }

  protected transition(
    scheduleId: string,
    slot: number,
    owner: string,
    from: readonly DeliveryState[],
    set: TransitionSet,
  ): boolean {
    const assignments = ['state = @state', 'updated_at = @updated_at'];
    const params: Record<string, unknown> = { state: set.state, updated_at: set.updated_at, scheduleId, slot, owner };
    for (const key of TRANSITION_COLUMNS) {
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
