import type { Store } from '../types.ts';
import { PgChatSchedules, PgScheduleCursors } from './chat-schedules.ts';
import { PgDeliveryLog } from './deliveries.ts';
import { PgEventGuard } from './event-guard.ts';
import { PgFollows } from './follows.ts';
import { migratePostgres } from './migrations.ts';
import { createPool, describeUrl, type Pool } from './pool.ts';
import { PgSeenArticles } from './seen-articles.ts';

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: Pool;
}

/** Connects, runs the migrations (under an advisory lock) and returns the store; a bad URL or a refused connection throws. */
export async function openPostgresStore(databaseUrl: string): Promise<PostgresStore> {
  const pool = createPool(databaseUrl);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL (${describeUrl(databaseUrl)}): ${(err as Error).message}`, { cause: err });
  }
  return {
    kind: 'postgres',
    location: describeUrl(databaseUrl),
    pool,
    schedules: new PgChatSchedules(pool),
    cursors: new PgScheduleCursors(pool),
    deliveries: new PgDeliveryLog(pool),
    follows: new PgFollows(pool),
    articles: new PgSeenArticles(pool),
    events: new PgEventGuard(pool),
    close: () => pool.end(),
  };
}
