import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Schema versions, applied in order and recorded in PRAGMA user_version. Never edit a shipped step: add one.
 * Times are stored as epoch milliseconds (integers) so comparisons need no parsing.
 */
export const MIGRATIONS: string[] = [
  `CREATE TABLE chat_schedules (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     cron TEXT NOT NULL,
     time_zone TEXT NOT NULL,
     topics TEXT NOT NULL DEFAULT '[]',
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     removed_at INTEGER
   );
   CREATE INDEX chat_schedules_channel ON chat_schedules (platform, channel_id);

   CREATE TABLE follows (
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name_key TEXT NOT NULL,
     name TEXT NOT NULL,
     entity_id TEXT,
     channel_id TEXT,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (platform, user_id, name_key)
   );

   CREATE TABLE follow_alerts (
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name_key TEXT NOT NULL,
     article_id TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     PRIMARY KEY (platform, user_id, name_key, article_id, content_hash)
   );

   CREATE TABLE seen_articles (
     id TEXT PRIMARY KEY,
     path TEXT NOT NULL,
     content_hash TEXT,
     first_seen INTEGER NOT NULL,
     changed_at INTEGER NOT NULL
   );
   CREATE INDEX seen_articles_changed ON seen_articles (changed_at);
   CREATE INDEX seen_articles_path ON seen_articles (path);

   CREATE TABLE deliveries (
     schedule_id TEXT NOT NULL,
     slot INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('claimed', 'sending', 'posted', 'failed', 'skipped')),
     owner TEXT,
     lease_until INTEGER,
     attempts INTEGER NOT NULL DEFAULT 0,
     reason TEXT,
     covered_until INTEGER,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (schedule_id, slot)
   );

   CREATE TABLE schedule_cursors (
     schedule_id TEXT PRIMARY KEY,
     checked_until INTEGER NOT NULL
   );`,
  `CREATE TABLE seen_events (
     event_id TEXT PRIMARY KEY,
     seen_at INTEGER NOT NULL
   );
   CREATE INDEX seen_events_at ON seen_events (seen_at);`,
  // Feeds (src/feeds/sqlite-store.ts): what is followed and each feed's poll state; the items already taken.
  `CREATE TABLE feeds (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     url TEXT NOT NULL UNIQUE,
     name TEXT,
     every_minutes INTEGER NOT NULL,
     origin TEXT NOT NULL CHECK (origin IN ('file', 'chat')),
     added_by TEXT,
     etag TEXT,
     last_modified TEXT,
     last_fetch_at INTEGER,
     last_status INTEGER,
     items_taken INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     last_note TEXT,
     next_poll_at INTEGER NOT NULL,
     failures INTEGER NOT NULL DEFAULT 0,
     poll_owner TEXT,
     poll_lease_until INTEGER,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE feed_items_taken (
     key TEXT PRIMARY KEY,
     feed_id INTEGER NOT NULL,
     taken_at INTEGER NOT NULL
   );`,
];

/** The database file inside a data folder. */
export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'briefbot.sqlite');
}

/**
 * Opens (creating if needed) the database and brings its schema up to date.
 * WAL lets readers run beside one writer; busy_timeout makes a second process wait for the write lock
 * instead of failing at once, which is what two schedulers on one file need.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  // FULL: a recorded 'posted' must survive a power cut too, or a restart could post the slot again.
  db.pragma('synchronous = FULL');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  // BEGIN IMMEDIATE: two processes starting together must not both apply the same step.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new Error(
        `database schema version ${version} is newer than this program (${MIGRATIONS.length}); upgrade briefbot`,
      );
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Runs fn inside BEGIN IMMEDIATE: the write lock is taken first, so read-then-write decisions cannot race another process. */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
