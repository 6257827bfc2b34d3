import { BriefbotError } from '../app/errors.ts';
import type { Briefing } from '../briefing/types.ts';

export type TargetPlatform = 'slack' | 'discord' | 'console';

/**
 * Where digests and follow alerts go. The Slack and Discord adapters' start functions return objects with exactly
 * these two methods; the console target prints to stdout. A post that fails throws (the error's message is logged,
 * never a token); `retryAfterMs` on the error, when the platform says how long to wait, is honoured.
 */
export interface DeliveryTarget {
  platform: TargetPlatform;
  postBriefing(channelId: string, briefing: Briefing): Promise<void>;
  sendDirectMessage(userId: string, text: string): Promise<void>;
  /**
   * Optional: whether a post carrying this delivery key is already in the channel. Used only after a crash left a
   * slot on the wire, to resolve the one window exactly-once cannot close alone (see deliver.ts).
   */
  wasPosted?(channelId: string, deliveryKey: string): Promise<boolean>;
}

export type IfNothingNew = 'post' | 'skip';

/** One schedule, from a briefing file or from chat, in the form the scheduler runs. */
export interface ScheduleSpec {
  /** Stable across restarts: "file:<file name without extension>" or "chat:<number>". */
  id: string;
  name: string;
  source: 'file' | 'chat';
  /** 5 fields, or 6 with seconds first. */
  cron: string;
  timeZone: string;
  target: { platform: TargetPlatform; channelId: string };
  /** Entities or keywords; empty means the whole corpus. */
  topics: string[];
  /** How far back a first digest looks (milliseconds). */
  windowMs: number;
  maxTokens: number;
  ifNothingNew: IfNothingNew;
  /** The file it came from, for messages. */
  file?: string;
}

/** A schedule as /schedule list shows it. */
export interface ScheduleView {
  id: string;
  name: string;
  source: 'file' | 'chat';
  cron: string;
  timeZone: string;
  topics: string[];
  /** Next slot, ISO instant; null when the expression has none. */
  nextRun: string | null;
}

export interface ScheduleRequest {
  platform: TargetPlatform;
  channelId: string;
  userId: string;
  /** A cron expression, or "daily 08:00", "weekdays 07:30", "hourly", "weekly mon 09:00". */
  when: string;
  topics: string[];
  timeZone?: string;
}

/** What /schedule needs of the running scheduler. Methods throw ScheduleError with a reason a user can act on. */
export interface ScheduleService {
  readonly defaultTimeZone: string;
  add(request: ScheduleRequest): Promise<ScheduleView>;
  list(platform: TargetPlatform, channelId: string): Promise<ScheduleView[]>;
  /** False when that channel has no chat schedule with this id. */
  remove(platform: TargetPlatform, channelId: string, id: string): Promise<boolean>;
}

export interface FollowOutcome {
  /** The name followed: the entity's own name when it was recognised. */
  name: string;
  known: boolean;
  alreadyFollowing: boolean;
  suggestions: string[];
}

/** What /follow and /unfollow need. */
export interface FollowService {
  follow(request: {
    platform: TargetPlatform;
    userId: string;
    channelId: string | null;
    name: string;
  }): Promise<FollowOutcome>;
  /** The names no longer followed (empty when none matched). */
  unfollow(request: { platform: TargetPlatform; userId: string; name: string }): Promise<string[]>;
  list(platform: TargetPlatform, userId: string): Promise<string[]>;
}

/** A schedule or follow request the scheduler refuses; its message is the chat answer. */
export class ScheduleError extends BriefbotError {
  constructor(message: string) {
    super('schedule', message);
    this.name = 'ScheduleError';
  }
}
