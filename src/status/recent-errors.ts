import type { RecentError } from './types.ts';

/** How many errors the status page keeps (the newest; older ones are in the log). */
export const RECENT_ERRORS = 50;
const MAX_MESSAGE = 300;

const errors: RecentError[] = [];

/**
 * Notes a log line (JSON, already redacted) that carries an errorId: the id chat apologies show, tied on the status
 * page to what failed. Anything else, or a line that is not JSON, is ignored.
 */
export function noteLogLine(line: string): void {
  if (!line.includes('"errorId"')) return;
  let record: { errorId?: unknown; msg?: unknown; time?: unknown; err?: unknown };
  try {
    record = JSON.parse(line) as typeof record;
  } catch {
    return;
  }
  if (typeof record.errorId !== 'string') return;
  const err = record.err as { message?: unknown } | string | undefined;
  const message = typeof err === 'string' ? err : typeof err?.message === 'string' ? err.message : '';
  errors.unshift({
    id: record.errorId.slice(0, 16),
    at: new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString(),
    what: String(record.msg ?? '').slice(0, 120),
    message: message.slice(0, MAX_MESSAGE),
  });
  errors.length = Math.min(errors.length, RECENT_ERRORS);
}

/** The errors noted so far in this process, newest first. */
export function recentErrors(): RecentError[] {
  return [...errors];
}
