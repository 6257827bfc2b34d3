import type { Db } from './db.ts';
import { EVENT_PRUNE_EVERY } from './decisions.ts';
import type { EventGuardStore } from './types.ts';

/** Events already taken, on SQLite: shared by processes on one file. */
export class SqliteEventGuard implements EventGuardStore {
  private calls = 0;

  constructor(private readonly db: Db) {}

  async firstTime(eventId: string, now: number, windowMs: number) {
    if (++this.calls % EVENT_PRUNE_EVERY === 1)
      this.db.prepare('DELETE FROM seen_events WHERE seen_at < ?').run(now - windowMs);
    const inserted =
      this.db.prepare('INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)').run(eventId, now)
        .changes === 1;
    if (inserted) return true;
    // Seen, but longer ago than the window: a new delivery, taken again.
    return (
      this.db
        .prepare('UPDATE seen_events SET seen_at = ? WHERE event_id = ? AND seen_at < ?')
        .run(now, eventId, now - windowMs).changes === 1
    );
  }
}
