import { claimDecision, TRANSITION_COLUMNS, type TransitionSet } from '../decisions.ts';
import { toDeliveryRecord } from '../deliveries.ts';
import { DeliveryTransitions } from '../delivery-transitions.ts';
import type { ClaimResult, DeliveryLog, DeliveryRecord, DeliveryState } from '../types.ts';
import { inTransaction, type Pool, type Queryable } from './pool.ts';

type Row = Parameters<typeof toDeliveryRecord>[0];

/** The delivery log on PostgreSQL: a claim is one transaction holding the slot's row lock; transitions are one UPDATE each. */
export class PgDeliveryLog extends DeliveryTransitions implements DeliveryLog {
  constructor(private readonly pool: Pool) {
    super();
  }

  private async row(q: Queryable, scheduleId: string, slot: number, lock = false): Promise<DeliveryRecord | undefined> {
    const { rows } = await q.query<Row>(
      `SELECT * FROM deliveries WHERE schedule_id = $1 AND slot = $2${lock ? ' FOR UPDATE' : ''}`,
      [scheduleId, slot],
    );
    return rows[0] && toDeliveryRecord(rows[0]);
  }

  get(scheduleId: string, slot: number) {
    return this.row(this.pool, scheduleId, slot);
  }

  claim(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): Promise<ClaimResult> {
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query<Row>(
        "INSERT INTO deliveries (schedule_id, slot, state, owner, lease_until, attempts, updated_at) VALUES ($1, $2, 'claimed', $3, $4, 0, $5) ON CONFLICT DO NOTHING RETURNING *",
        [scheduleId, slot, owner, now + leaseMs, now],
      );
      if (inserted.rows[0]) return { kind: 'claimed', record: toDeliveryRecord(inserted.rows[0]) };
      const current = (await this.row(client, scheduleId, slot, true))!;
      const decision = claimDecision(current, owner, now);
      if (!decision.take) return decision.result;
      const { rows } = await client.query<Row>(
        'UPDATE deliveries SET owner = $1, lease_until = $2, updated_at = $3 WHERE schedule_id = $4 AND slot = $5 RETURNING *',
        [owner, now + leaseMs, now, scheduleId, slot],
      );
      return { kind: decision.kind, record: toDeliveryRecord(rows[0]) };
    });
  }

  async recordSkipped(scheduleId: string, slot: number, now: number, reason: string) {
    const result = await this.pool.query(
      "INSERT INTO deliveries (schedule_id, slot, state, attempts, reason, updated_at) VALUES ($1, $2, 'skipped', 0, $3, $4) ON CONFLICT DO NOTHING",
      [scheduleId, slot, reason, now],
    );
    return result.rowCount === 1;
  }

  async coveredUntil(scheduleId: string) {
    const { rows } = await this.pool.query<{ t: number | null }>(
      'SELECT MAX(covered_until) AS t FROM deliveries WHERE schedule_id = $1',
      [scheduleId],
    );
    return rows[0]?.t ?? null;
  }

  async forSchedule(scheduleId: string) {
    return (
      await this.pool.query<Row>('SELECT * FROM deliveries WHERE schedule_id = $1 ORDER BY slot', [scheduleId])
    ).rows.map(toDeliveryRecord);
  }

  async recent(limit: number) {
    return (await this.pool.query<Row>('SELECT * FROM deliveries ORDER BY updated_at DESC LIMIT $1', [limit])).rows.map(
      toDeliveryRecord,
    );
  }

  async all() {
    return (await this.pool.query<Row>('SELECT * FROM deliveries ORDER BY slot, schedule_id')).rows.map(
      toDeliveryRecord,
    );
  }

  protected async transition(
    scheduleId: string,
    slot: number,
    owner: string,
    from: readonly DeliveryState[],
    set: TransitionSet,
  ): Promise<boolean> {
    const params: unknown[] = [scheduleId, slot, owner, [...from], set.state, set.updated_at];
    const assignments = ['state = $5', 'updated_at = $6'];
    for (const key of TRANSITION_COLUMNS) {
      if (key in set) {
        params.push(set[key] ?? null);
        assignments.push(`${key} = $${params.length}`);
      }
    }
    if (set.attempts) assignments.push('attempts = attempts + 1');
    const sql = `UPDATE deliveries SET ${assignments.join(', ')} WHERE schedule_id = $1 AND slot = $2 AND owner = $3 AND state = ANY($4::text[])`;
    return (await this.pool.query(sql, params)).rowCount === 1;
  }
}
