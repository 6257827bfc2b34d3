/**
 * Calendar periods a trend is counted in: days ("2019-05-27"), ISO weeks ("2019-W22"), months ("2019-05") or years
 * ("2019"), chosen from the span so that a chart has between a few and about a hundred points.
 */
export type Grain = 'day' | 'week' | 'month' | 'year';

const DAY_MS = 86_400_000;

/** Spans up to these many days are counted by the grain beside them; longer ones by year. */
export const GRAIN_RULES: readonly { grain: Grain; maxDays: number }[] = [
  { grain: 'day', maxDays: 62 },
  { grain: 'week', maxDays: 2 * 366 },
  { grain: 'month', maxDays: 30 * 366 },
];

/** The grain for a span of dates (inclusive, YYYY-MM-DD). */
export function grainFor(first: string, last: string): Grain {
  const days = (utc(last) - utc(first)) / DAY_MS + 1;
  return GRAIN_RULES.find((r) => days <= r.maxDays)?.grain ?? 'year';
}

/** UTC milliseconds of a YYYY-MM-DD date (a shorter prefix is its first day). */
export function utc(date: string): number {
  const [y, m = 1, d = 1] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The ISO week of a day: its year (which may differ from the calendar year at its edges) and number. */
export function isoWeek(date: string): { year: number; week: number } {
  const ms = utc(date);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  const thursday = ms + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return { year, week };
}

/** The period a day falls in, at a grain. */
export function periodOf(date: string, grain: Grain): string {
  switch (grain) {
    case 'day':
      return date.slice(0, 10);
    case 'week': {
      const { year, week } = isoWeek(date);
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return date.slice(0, 7);
    case 'year':
      return date.slice(0, 4);
  }
}

/** The first day of a period (a week's Monday), as YYYY-MM-DD: where a chart places it. */
export function periodStart(period: string): string {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!week) return iso(utc(period));
  const jan4 = Date.UTC(+week[1], 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return iso(monday + (+week[2] - 1) * 7 * DAY_MS);
}

/** Every period from the one holding `first` to the one holding `last`, in order. */
export function periodsBetween(first: string, last: string, grain: Grain): string[] {
  const out: string[] = [];
  const end = periodOf(last, grain);
  let day = utc(periodStart(periodOf(first, grain)));
  // Bounded by the span: a day, a week, a month or a year per step.
  for (let period = periodOf(iso(day), grain); ; period = periodOf(iso(day), grain)) {
    out.push(period);
    if (period >= end) return out;
    day = next(day, grain);
  }
}

function next(ms: number, grain: Grain): number {
  const d = new Date(ms);
  switch (grain) {
    case 'day':
      return ms + DAY_MS;
    case 'week':
      return ms + 7 * DAY_MS;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

/** The calendar dates among these (YYYY, YYYY-MM or YYYY-MM-DD, each as its first day): what a time axis can place. */
export function calendarDays(dates: string[]): string[] {
  return dates
    .filter((d) => /^\d{4}(-\d{2}){0,2}$/.test(d))
    .map((d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d));
}
