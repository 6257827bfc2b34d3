import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

/** Cron expressions and time zones: checked once, and the instants a schedule fires between two times. */

export function isTimeZone(tz: string): boolean {
  if (!tz || !/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The reason an expression cannot run (for a user or a file error), or null when both cron-parser and node-cron accept it. */
export function cronProblem(expression: string, timeZone: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6)
    return `a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; “${expression}” has ${fields.length}`;
  if (!isTimeZone(timeZone)) return `“${timeZone}” is not an IANA time zone (e.g. Europe/Malta, America/New_York, UTC)`;
  try {
    CronExpressionParser.parse(expression, { tz: timeZone, strict: false });
  } catch (err) {
    return `invalid cron expression “${expression}”: ${(err as Error).message}`;
  }
  const detail = cron.validateDetailed(expression);
  if (!detail.valid)
    return `invalid cron expression “${expression}”: ${detail.errors.map((e) => e.message).join('; ')}`;
  if (nextSlot(expression, timeZone, new Date()) === null) return `“${expression}” never fires`;
  return null;
}

/**
 * The slots in (after, until], oldest first, at most `limit` (the newest ones when there are more).
 * cron-parser applies the time zone's rules, so a daily 08:00 Europe/Malta is 07:00Z in winter and 06:00Z in summer;
 * a local time skipped by a spring-forward runs at the first valid time after it, a repeated one runs once.
 * Enumerated forwards (cron-parser's prev() drops a slot that falls in a spring-forward gap, next() does not);
 * prev() only bounds where to start, so a long downtime costs `limit` steps, not one per missed slot.
 */
export function slotsBetween(
  expression: string,
  timeZone: string,
  after: number,
  until: number,
  limit = 1000,
): number[] {
  if (until <= after) return [];
  const back = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: new Date(until + 1) });
  let start = after;
  for (let i = 0; i < limit + 1 && back.hasPrev(); i++) {
    const t = back.prev().getTime();
    if (t <= after) break;
    if (i === limit) start = Math.max(after, t);
  }
  // Starting a day early: from inside a spring-forward day, cron-parser no longer sees that day's shifted slot.
  const it = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: new Date(start - DAY) });
  const slots: number[] = [];
  while (it.hasNext()) {
    const t = it.next().getTime();
    if (t > until) break;
    if (t > start) slots.push(t);
  }
  return slots.slice(-limit);
}

/** The first slot after an instant (same day-early start as slotsBetween, for the spring-forward case). */
export function firstSlotAfter(expression: string, timeZone: string, after: number): number | null {
  const it = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: new Date(after - DAY) });
  while (it.hasNext()) {
    const t = it.next().getTime();
    if (t > after) return t;
  }
  return null;
}

/**
 * The closest two slots of an expression ever come, in ms: the smallest step between its times of day (hours x
 * minutes x seconds, at most 86,400 of them) and the step from the day's last time to the next day's first. The
 * day fields only space days apart, so no two slots come closer than this; checking the next two slots from now
 * missed "0-4 8 * * *" added at 08:03. DST shifts are not modelled (a skipped hour's slot moves to the next valid time).
 */
export function minimumGapMs(expression: string): number {
  const { hour, minute, second } = CronExpressionParser.parse(expression, { strict: false }).fields;
  const times: number[] = [];
  for (const h of hour.values)
    for (const m of minute.values)
      for (const s of second.values) times.push((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
  times.sort((a, b) => a - b);
  let gap = DAY - (times[times.length - 1] - times[0]);
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i] - times[i - 1]);
  return gap;
}

export function nextSlot(expression: string, timeZone: string, from: Date): Date | null {
  try {
    const it = CronExpressionParser.parse(expression, { tz: timeZone, currentDate: from });
    return it.hasNext() ? it.next().toDate() : null;
  } catch {
    return null;
  }
}

const DAY = 86_400_000;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * Turns the friendly forms people type into cron: "daily 08:00", "weekdays 7:30", "weekly mon 09:00", "hourly",
 * "every 15 minutes"; a cron expression passes through. Returns null when it is neither.
 */
export function toCron(when: string): string | null {
  const text = when.trim().toLowerCase().replace(/\s+/g, ' ');
  const time = (s: string) => {
    const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(s);
    if (!m) return null;
    let hour = +m[1];
    const minute = m[2] ? +m[2] : 0;
    if (m[3]) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (m[3] === 'pm' ? 12 : 0);
    }
    return hour <= 23 && minute <= 59 ? `${minute} ${hour}` : null;
  };
  let m = /^(?:daily|every day)(?: at)? (.+)$/.exec(text);
  if (m) return time(m[1]) && `${time(m[1])} * * *`;
  m = /^(?:weekdays|every weekday)(?: at)? (.+)$/.exec(text);
  if (m) return time(m[1]) && `${time(m[1])} * * 1-5`;
  m = /^(?:weekly|every) (sun|mon|tue|wed|thu|fri|sat)[a-z]*(?: at)? (.+)$/.exec(text);
  if (m) return time(m[2]) && `${time(m[2])} * * ${DAYS.indexOf(m[1])}`;
  if (text === 'hourly' || text === 'every hour') return '0 * * * *';
  m = /^every (\d{1,2}) minutes?$/.exec(text);
  if (m && +m[1] >= 1 && +m[1] <= 59) return `*/${+m[1]} * * * *`;
  const fields = text.split(' ');
  if ((fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*,\-/a-z?#]+$/.test(f)))
    return when.trim().replace(/\s+/g, ' ');
  return null;
}
