/**
 * Remembers the Events API deliveries already taken, by event_id, so a retry from Slack (X-Slack-Retry-Num, or
 * retry_attempt over Socket Mode) never produces a second answer. A retry of an event this process never saw
 * (it was down, or the first attempt did not arrive) is answered normally. Per process: behind a load balancer
 * with several instances, route by team or share this set.
 */
export interface RetryGuard {
  /** True the first time an event id is seen within the window, false for every later delivery of it. */
  firstTime(eventId: string): boolean;
}

export function createRetryGuard(windowMs = 60 * 60_000, maxEntries = 20_000, now: () => number = Date.now): RetryGuard {
  const seen = new Map<string, number>();
  const forgetOld = () => {
    const cutoff = now() - windowMs;
    for (const [id, at] of seen) {
      if (at >= cutoff && seen.size <= maxEntries) break; // insertion order: the rest are newer
      seen.delete(id);
    }
  };
  return {
    firstTime(eventId) {
      forgetOld();
      if (seen.has(eventId)) return false;
      seen.set(eventId, now());
      return true;
    },
  };
}
