import { SqliteChatSchedules, SqliteScheduleCursors } from './chat-schedules.ts';
import { databasePath, openDatabase, type Db } from './db.ts';
import { SqliteDeliveryLog } from './deliveries.ts';
import { SqliteEventGuard } from './event-guard.ts';
import { SqliteFollows } from './follows.ts';
import { SqliteSeenArticles } from './seen-articles.ts';
import type { Store } from './types.ts';

export { databasePath, openDatabase };
export type * from './types.ts';

/** The SQLite store, with its database handle (for checks on the file itself). */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly db: Db;
  readonly file: string;
}

/** Opens the SQLite store in a data folder (file briefbot.sqlite), or a given file path, or ':memory:'; migrations run here. */
export function openSqliteStore(location: { dataDir: string } | { file: string }): SqliteStore {
  const file = 'file' in location ? location.file : databasePath(location.dataDir);
  const db = openDatabase(file);
  return {
    kind: 'sqlite',
    location: file,
    db,
    file,
    schedules: new SqliteChatSchedules(db),
    cursors: new SqliteScheduleCursors(db),
    deliveries: new SqliteDeliveryLog(db),
    follows: new SqliteFollows(db),
    articles: new SqliteSeenArticles(db),
    events: new SqliteEventGuard(db),
    close: async () => void db.close(),
  };
}

/**
 * The bot's state: PostgreSQL when a database URL is given (several instances share it), else SQLite in the data
 * folder. Migrations run before this returns.
 */
export async function openStore(
  location: { databaseUrl?: string | null; dataDir: string } | { file: string },
): Promise<Store> {
  if ('databaseUrl' in location && location.databaseUrl) {
    const { openPostgresStore } = await import('./postgres/index.ts');
    return openPostgresStore(location.databaseUrl);
  }
  return openSqliteStore(location);
}
