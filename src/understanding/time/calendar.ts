/** Calendar arithmetic in UTC on plain year/month/day numbers: no time zones, no "today". */

export interface Day {
  year: number;
  month: number; // 1-12
  day: number;
}

export function parseIsoDay(value: string | null): Day | null {
  const m = value ? /^(\d{4})-(\d\d)-(\d\d)/.exec(value) : null;
  if (!m) return null;
  const day = { year: +m[1], month: +m[2], day: +m[3] };
  return isValidDay(day) ? day : null;
}

export function isValidDay({ year, month, day }: Day): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtc(d: Day): Date {
  return new Date(Date.UTC(d.year, d.month - 1, d.day));
}

function fromUtc(date: Date): Day {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function addDays(d: Day, n: number): Day {
  const date = toUtc(d);
  date.setUTCDate(date.getUTCDate() + n);
  return fromUtc(date);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(d: Day): number {
  return toUtc(d).getUTCDay();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDay(d: Day): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

export function formatMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}`;
}

/** Month index counted from year 0, so month shifts are plain additions. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function fromMonthIndex(index: number): { year: number; month: number } {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(d: Day): { year: number; week: number } {
  const date = toUtc(d);
  const dayNumber = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dayNumber); // the Thursday of this week decides the year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

export function formatWeek(d: Day): string {
  const { year, week } = isoWeek(d);
  return `${pad(year, 4)}-W${pad(week)}`;
}

export function quarterOf(month: number): number {
  return Math.ceil(month / 3);
}
