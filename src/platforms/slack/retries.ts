import type { EventGuardStore } from '../../store/types.ts';

/**
 * Remembers the Events API deliveries already taken, by event_id, so a retry from Slack (X-Slack-Retry-Num, or
 * retry_attempt over Socket Mode) never produces a second answer. A retry of an event never seen (the bot was
 * down, or the first attempt did not arrive) is answered normally. In memory per process by default; with the
 * store's guard, shared by every instance on the database, so a retry sent to another instance is answered once.
 */
export interface RetryGuard {
  /** True the first time an event id is seen within the window, false for every later delivery of it. */
  firstTime(eventId: string): Promise<boolean>;
}

export const RETRY_WINDOW_MS = 60 * 60_000;

export function createRetryGuard(
  windowMs = RETRY_WINDOW_MS,
  maxEntries = 20_000,
  now: () => number = Date.now,
): RetryGuard {
  const seen = new Map<string, number>();
  const forgetOld = () => {
    const cutoff = now() - windowMs;
    for (const [id, at] of seen) {
      if (at >= cutoff && seen.size <= maxEntries) break; // insertion order: the rest are newer
      seen.delete(id);
    }
  };
  return {
    async firstTime(eventId) {
      forgetOld();
      if (seen.has(eventId)) return false;
      seen.set(eventId, now());
      return true;
    },
  };
}

/**
 * The guard on the shared store. If the database cannot answer, the event is taken (answering twice is better
 * than never) and the failure reported through onError.
 */
export function storeRetryGuard(
  events: EventGuardStore,
  onError: (err: unknown) => void,
  windowMs = RETRY_WINDOW_MS,
  now: () => number = Date.now,
): RetryGuard {
  const eventIdLimit = 200;
  return {
    async firstTime(eventId) {
      try {
        return await events.firstTime(eventId.slice(0, eventIdLimit), now(), windowMs);
      } catch (err) {
        onError(err);
        return true;
      }
    },
  };
}
