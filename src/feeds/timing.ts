/** When to poll a feed next: its interval, what the server asks (Cache-Control max-age, Retry-After) and back-off. */
import type { IncomingHttpHeaders } from 'node:http';

export const POLL_TIMING = {
  /** Never wait longer than this between polls, whatever a server asks or however often a feed failed. */
  maxWaitMs: 24 * 60 * 60_000,
  /** Back-off after n failures in a row: the interval times 2^n, capped at this. */
  maxBackoffMs: 6 * 60 * 60_000,
  minEveryMinutes: 1,
  defaultEveryMinutes: 15,
} as const;

/** Seconds of Cache-Control max-age (s-maxage is for shared caches, not us), or null. */
export function maxAgeMs(headers: IncomingHttpHeaders): number | null {
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d{1,10})/i.exec(String(headers['cache-control'] ?? ''));
  return m ? Number(m[1]) * 1000 : null;
}

/** Retry-After as seconds or as an HTTP date, in ms from now; null if absent or unreadable. */
export function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | null {
  const value = String(headers['retry-after'] ?? '').trim();
  if (!value) return null;
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** After an answer we could use (200 or 304): the interval, or longer if the server says the feed stays fresh longer. */
export function nextAfterSuccess(now: number, everyMs: number, headers: IncomingHttpHeaders): number {
  const fresh = maxAgeMs(headers) ?? 0;
  return now + Math.min(POLL_TIMING.maxWaitMs, Math.max(everyMs, fresh));
}

/** After the n-th failure in a row: exponential back-off, or the server's Retry-After if that is longer. */
export function nextAfterFailure(now: number, everyMs: number, failures: number, retryAfter: number | null): number {
  const backoff = Math.min(Math.max(everyMs, POLL_TIMING.maxBackoffMs), everyMs * 2 ** Math.min(failures, 20));
  return now + Math.min(POLL_TIMING.maxWaitMs, Math.max(backoff, retryAfter ?? 0));
}

/** "15m", "2h", "30 min", "1d", "90s" -> minutes (at least 1), or null when unreadable. */
export function parseEvery(text: string): number | null {
  const m = /^(\d{1,6})\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase()[0];
  const minutes = unit === 's' ? n / 60 : unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n;
  return minutes >= POLL_TIMING.minEveryMinutes ? Math.round(minutes) : null;
}
