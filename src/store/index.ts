import { ChatScheduleStore, ScheduleCursors } from './chat-schedules.ts';
import { databasePath, openDatabase, type Db } from './db.ts';
import { DeliveryLog } from './deliveries.ts';
import { FollowStore } from './follows.ts';
import { SeenArticles } from './seen-articles.ts';

export { ChatScheduleStore, ScheduleCursors, DeliveryLog, FollowStore, SeenArticles, databasePath, openDatabase };
export type { ChatScheduleRecord } from './chat-schedules.ts';
export type { ClaimResult, DeliveryRecord, DeliveryState } from './deliveries.ts';
export type { FollowRecord } from './follows.ts';
export type { ArticleVersion, RecordOutcome, SeenArticle } from './seen-articles.ts';

/** The bot's state in one SQLite file: chat schedules, follows, seen articles, the delivery log. */
export interface Store {
  readonly db: Db;
  readonly file: string;
  readonly schedules: ChatScheduleStore;
  readonly cursors: ScheduleCursors;
  readonly deliveries: DeliveryLog;
  readonly follows: FollowStore;
  readonly articles: SeenArticles;
  close(): void;
}

/** Opens the store in a data folder (file briefbot.sqlite), or a given file path, or ':memory:'; migrations run here. */
export function openStore(location: { dataDir: string } | { file: string }): Store {
  const file = 'file' in location ? location.file : databasePath(location.dataDir);
  const db = openDatabase(file);
  return {
    db,
    file,
    schedules: new ChatScheduleStore(db),
    cursors: new ScheduleCursors(db),
    deliveries: new DeliveryLog(db),
    follows: new FollowStore(db),
    articles: new SeenArticles(db),
    close: () => db.close(),
  };
}
