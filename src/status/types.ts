/**
 * What the status page shows, each part optional: the lead wires the parts that exist in main.ts; feeds and the
 * multi-instance store fill theirs when they land. Every part is read when the page is asked for, and must be cheap
 * (no corpus scans): counts and the last N records only. Nothing here may hold a secret or article text beyond titles.
 */
export interface StatusSource {
  corpus?(): CorpusStatus | Promise<CorpusStatus>;
  progress?(): LoadProgressStatus | Promise<LoadProgressStatus>;
  feeds?(): FeedStatus[] | Promise<FeedStatus[]>;
  schedules?(): ScheduleStatus[] | Promise<ScheduleStatus[]>;
  /** The newest first, at most `limit`. */
  deliveries?(limit: number): DeliveryStatus[] | Promise<DeliveryStatus[]>;
  /** The newest first. */
  recentErrors?(): RecentError[] | Promise<RecentError[]>;
}

export interface CorpusStatus {
  articles: number;
  entities: number;
  /** The newest article's date (YYYY-MM-DD) and title, if any is dated. */
  newest: { date: string; title: string } | null;
  /** When the corpus last changed in this process (ISO instant). */
  updatedAt: string | null;
}

export interface LoadProgressStatus {
  state: 'loading' | 'ready';
  filesDone?: number;
  filesTotal?: number;
  articles?: number;
}

export interface FeedStatus {
  name: string;
  url: string;
  /** How often it is read, e.g. "15m". */
  every?: string;
  lastFetchAt: string | null;
  lastError: { at: string; message: string } | null;
  articles?: number;
}

export interface ScheduleStatus {
  id: string;
  name: string;
  /** "slack #C0123", "discord 1234", "console". */
  target: string;
  cron: string;
  timeZone: string;
  nextRun: string | null;
}

export interface DeliveryStatus {
  scheduleId: string;
  /** The slot's instant (ISO). */
  slot: string;
  outcome: 'posted' | 'skipped' | 'failed' | 'pending';
  /** Why it was skipped or failed. */
  reason: string | null;
  attempts: number;
  updatedAt: string;
}

export interface RecentError {
  /** The id chat apologies show ("error 4F2K9Q"). */
  id: string;
  at: string;
  /** What failed: the log line's message ("slack handler failed"). */
  what: string;
  message: string;
}
