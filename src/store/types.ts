/**
 * The bot's shared state, one async interface per concern. Two implementations: SQLite in DATA_DIR (src/store/*.ts,
 * the embedded default) and PostgreSQL (src/store/postgres/*.ts, with DATABASE_URL, for several instances).
 * Times are epoch milliseconds.
 */

/** A schedule made in chat with /schedule add, stored per channel. */
export interface ChatScheduleRecord {
  id: number;
  platform: string;
  channelId: string;
  cron: string;
  timeZone: string;
  topics: string[];
  createdBy: string;
  createdAt: number;
}

export interface ChatScheduleStore {
  add(s: Omit<ChatScheduleRecord, 'id'>): Promise<ChatScheduleRecord>;
  /** Live schedules, oldest first; of one channel when given. */
  list(where?: { platform: string; channelId: string }): Promise<ChatScheduleRecord[]>;
  /** Removes a schedule of that channel (a schedule id from another channel is not found, on purpose). */
  remove(platform: string, channelId: string, id: number, now: number): Promise<boolean>;
}

/**
 * Up to when each schedule's slots have been looked at. A restart catches up from here, so slots from before a
 * schedule existed are never invented, and slots missed while down are found.
 */
export interface ScheduleCursors {
  get(scheduleId: string): Promise<number | null>;
  /** Sets the cursor the first time, returning the value in force (another process may have set it first). */
  init(scheduleId: string, at: number): Promise<number>;
  /** Moves forward only: two processes advancing together never move it back. */
  advance(scheduleId: string, to: number): Promise<void>;
}

/**
 * The delivery log: one row per schedule slot (schedule id + the slot's instant), the heart of exactly-once.
 *
 * States:  claimed  - a process owns the slot (lease) and is building or waiting to retry; not yet on the wire.
 *          sending  - the post is on the wire: the platform may or may not have accepted it.
 *          posted   - the platform accepted it. Final: nothing ever posts this slot again.
 *          failed   - gave up (retries exhausted, or the outcome of an interrupted send is unknown). Final.
 *          skipped  - deliberately not posted (missed, coalesced into a catch-up digest, or nothing new). Final.
 *
 * Every transition checks the owner in one statement or transaction, so of several processes only one holds a slot.
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

export interface DeliveryLog {
  get(scheduleId: string, slot: number): Promise<DeliveryRecord | undefined>;
  /**
   * Takes the slot for `owner` until now + leaseMs. A free slot is inserted; a claimed one whose lease ran out
   * (its process died or hung) is taken over. A slot left in `sending` is handed back as interrupted-send
   * (and now owned by the caller) so the caller decides, knowing the post may already be out.
   */
  claim(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): Promise<ClaimResult>;
  /** claimed -> sending, just before the platform call; false if the slot is no longer ours. */
  markSending(scheduleId: string, slot: number, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** sending -> posted, right after the platform accepted: final. */
  markPosted(scheduleId: string, slot: number, owner: string, now: number, coveredUntil: number): Promise<boolean>;
  /** sending -> claimed after a definite refusal by the platform (nothing was posted), to retry later. */
  markRetry(
    scheduleId: string,
    slot: number,
    owner: string,
    now: number,
    leaseMs: number,
    reason: string,
  ): Promise<boolean>;
  markFailed(scheduleId: string, slot: number, owner: string, now: number, reason: string): Promise<boolean>;
  /** A claimed slot deliberately not posted (nothing new); coveredUntil moves the next digest's start on. */
  markSkipped(
    scheduleId: string,
    slot: number,
    owner: string,
    now: number,
    reason: string,
    coveredUntil?: number | null,
  ): Promise<boolean>;
  /** Records a slot nobody will post (missed, or coalesced into a catch-up digest); leaves any existing row alone. */
  /** A claimed slot this process will not post after all (it is stopping): its lease ends now, so the next start takes it over at once. */
  release(scheduleId: string, slot: number, owner: string, now: number): Promise<boolean>;
  recordSkipped(scheduleId: string, slot: number, now: number, reason: string): Promise<boolean>;
  /** Until when the schedule's digests have covered new material: the start of the next digest. */
  coveredUntil(scheduleId: string): Promise<number | null>;
  forSchedule(scheduleId: string): Promise<DeliveryRecord[]>;
  /** The most recently changed rows, newest first (the status page). */
  recent(limit: number): Promise<DeliveryRecord[]>;
  all(): Promise<DeliveryRecord[]>;
}

/** Who follows which name, on which platform. */
export interface FollowRecord {
  platform: string;
  userId: string;
  /** The name as resolved when followed (the entity's canonical name when known). */
  name: string;
  entityId: string | null;
  channelId: string | null;
  createdAt: number;
}

/** Follows, and the alerts already sent, so an article is announced to a user once. */
export interface FollowStore {
  /** Adds or refreshes a follow; returns false when it already existed. */
  follow(f: FollowRecord): Promise<boolean>;
  /** Removes by the followed name or by any name that was resolved to the same entity. */
  unfollow(platform: string, userId: string, names: string[], entityId: string | null): Promise<FollowRecord[]>;
  list(platform: string, userId: string): Promise<FollowRecord[]>;
  all(): Promise<FollowRecord[]>;
  /** Records an alert before it is sent (at most once per user, name and article version); false if already sent. */
  claimAlert(f: FollowRecord, articleId: string, contentHash: string, now: number): Promise<boolean>;
}

/** Articles the bot has seen: when first, when their content last changed, so a digest tells only what is new. */
export interface SeenArticle {
  id: string;
  path: string;
  contentHash: string | null;
  firstSeen: number;
  changedAt: number;
}

export interface ArticleVersion {
  id: string;
  path: string;
  /** null when not known (e.g. an article known only by its index metadata). */
  contentHash: string | null;
}

export interface RecordOutcome {
  /** Never seen before. */
  added: string[];
  /** Seen before with other content. */
  changed: string[];
}

export interface SeenArticles {
  get(id: string): Promise<SeenArticle | undefined>;
  count(): Promise<number>;
  /**
   * Records articles as seen at `now`. A new id is added; a known one with a different hash is changed (its
   * changedAt moves on, so the next digest tells it again). An unknown hash on either side is adopted, not a change.
   */
  record(articles: ArticleVersion[], now: number): Promise<RecordOutcome>;
  /** Ids of the articles that came from one file (records "file#N" of a .json/.jsonl file included). */
  idsFromFile(relativePath: string): Promise<string[]>;
  forget(ids: string[]): Promise<void>;
  /** Ids of articles new or changed in (after, until], oldest change first. */
  changedBetween(after: number, until: number): Promise<string[]>;
}

/** Events already taken (Slack's Events API event_id), shared by every instance on the store. */
export interface EventGuardStore {
  /** True the first time an event id is recorded, false for every later delivery of it; ids older than the window are forgotten. */
  firstTime(eventId: string, now: number, windowMs: number): Promise<boolean>;
}

export interface Store {
  /** 'sqlite' (one file in DATA_DIR) or 'postgres' (DATABASE_URL). */
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, without credentials: the file path, or host/database. */
  readonly location: string;
  readonly schedules: ChatScheduleStore;
  readonly cursors: ScheduleCursors;
  readonly deliveries: DeliveryLog;
  readonly follows: FollowStore;
  readonly articles: SeenArticles;
  readonly events: EventGuardStore;
  close(): Promise<void>;
}
