import { EVENT_PRUNE_EVERY } from '../decisions.ts';
import type { EventGuardStore } from '../types.ts';
import type { Pool } from './pool.ts';

/** Events already taken, on PostgreSQL: a retry delivered to another instance finds the id and is not answered again. */
export class PgEventGuard implements EventGuardStore {
  private calls = 0;

  constructor(private readonly pool: Pool) {}

  async firstTime(eventId: string, now: number, windowMs: number) {
    if (++this.calls % EVENT_PRUNE_EVERY === 1)
      await this.pool.query('DELETE FROM seen_events WHERE seen_at < $1', [now - windowMs]);
    // One statement: inserted, or re-taken when the old sighting is outside the window; concurrent deliveries serialise on the row.
    const { rowCount } = await this.pool.query(
      'INSERT INTO seen_events (event_id, seen_at) VALUES ($1, $2) ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at WHERE seen_events.seen_at < $3',
      [eventId, now, now - windowMs],
    );
    return rowCount === 1;
  }
}
