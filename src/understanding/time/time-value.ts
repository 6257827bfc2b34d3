/** Turns a recognised Meaning into a TimeML value, against the document date, the tense and what came before. */
import type { Precision } from '../types.ts';
import {
  addDays,
  formatDay,
  formatMonth,
  formatWeek,
  fromMonthIndex,
  isValidDay,
  monthIndex,
  parseIsoDay,
  quarterOf,
  weekday,
  type Day,
} from './calendar.ts';
import { holidayDate } from './holidays.ts';
import type { Holiday, Meaning, Season, Shift } from './recognize.ts';
import type { Tense } from './tense.ts';

export interface Resolved {
  value: string | null;
  precision: Precision;
}

export interface Context {
  docDay: Day | null;
  tense: Tense;
  /** The last resolved value in the document, for "three days later", "a year earlier". */
  previous: Resolved | null;
  /** The last quarter mentioned near this expression, for "the quarter", "a year ago" in earnings stories. */
  recentQuarter: string | null;
  /** A past-tense verb stands right before the expression ("said Friday"). */
  reportedBefore?: boolean;
  /** "the quarter ended Sept. 30": the date closes a period already reported, so it is never ahead of the article. */
  periodEnded?: boolean;
}

/** How far tense may push a yearless month from the article's date before the nearer reading wins. */
const TENSE_REACH_MONTHS = 8;
/** How far back an untensed yearless month is still read as past rather than as the coming one. */
const UNTENSED_REACH_BACK_MONTHS = 7;
const SEASON_START: Record<Season, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };
const unresolved = (precision: Precision): Resolved => ({ value: null, precision });
const pad4 = (n: number) => String(n).padStart(4, '0');

/** The year for a month (or day) given without one: "last"/"next" are strict, tense picks the side, else the nearest. */
function yearForMonth(doc: Day, month: number, shift: Shift, tense: Tense, day: number | null = null): number {
  if (shift === 'this') return doc.year;
  // Compare whole days when the day is known, months otherwise ("in May" in a May article is this May).
  const key = (y: number) => (day === null ? y * 12 + month : y * 400 + month * 32 + day);
  const docKey = day === null ? doc.year * 12 + doc.month : doc.year * 400 + doc.month * 32 + doc.day;
  if (shift === 'last') return key(doc.year) < docKey ? doc.year : doc.year - 1;
  if (shift === 'next') return key(doc.year) > docKey ? doc.year : doc.year + 1;
  const before = key(doc.year) <= docKey ? doc.year : doc.year - 1;
  const after = key(doc.year) >= docKey ? doc.year : doc.year + 1;
  // Without a tense, news looks back: a month up to seven months past beats one a few months ahead.
  const monthsBack = monthIndex(doc.year, doc.month) - monthIndex(before, month);
  const nearest =
    monthsBack <= UNTENSED_REACH_BACK_MONTHS || docKey - key(before) <= key(after) - docKey ? before : after;
  // Tense picks the side, but not against a date much nearer on the other ("in January" in a November report).
  const chosen = tense === 'past' ? before : tense === 'future' ? after : nearest;
  const monthsAway = Math.abs(monthIndex(chosen, month) - monthIndex(doc.year, doc.month));
  return monthsAway <= TENSE_REACH_MONTHS ? chosen : nearest;
}

/** The year of a month or day written without one: "June last year" says it outright, else the article date decides. */
function yearOfUndated(
  doc: Day | null,
  month: number,
  shift: Shift,
  yearShift: number | undefined,
  ctx: Context,
  day: number | null = null,
): number | null {
  if (!doc) return null;
  if (yearShift !== undefined) return doc.year + yearShift;
  if (ctx.periodEnded && shift === null) {
    const ahead = month > doc.month || (month === doc.month && day !== null && day > doc.day);
    return ahead ? doc.year - 1 : doc.year;
  }
  return yearForMonth(doc, month, shift, ctx.tense, day);
}

function resolveWeekday(doc: Day, dow: number, shift: Shift, tense: Tense, reportedBefore = false): Day {
  const today = weekday(doc);
  const back = (today - dow + 7) % 7; // 0 when the article's own weekday
  const ahead = (dow - today + 7) % 7; // 0 too: "will speak on Friday" in a Friday article is that day
  if (shift === 'last') return addDays(doc, -(back || 7));
  if (shift === 'next') return addDays(doc, ahead || 7);
  if (shift === 'this') return tense === 'past' ? addDays(doc, -back) : addDays(doc, ahead);
  // A bare weekday naming the day after the article's is tomorrow whatever the tense ("said it would leave Tuesday"
  // in a Monday story): news says "last Tuesday" for six days back.
  if (ahead === 1 && !reportedBefore) return addDays(doc, 1);
  // News convention: a bare weekday in a report is the one just past, in a future-tense sentence the one ahead.
  return tense === 'future' ? addDays(doc, ahead) : addDays(doc, -back);
}

/** "the weekend" is the one just past in a report and the coming one in a future-tense sentence; "last"/"next" count from there. */
function resolveWeekend(doc: Day, amount: number, tense: Tense): Resolved {
  const ahead = amount > 0 || (amount === 0 && tense === 'future');
  const saturday = resolveWeekday(doc, 6, null, ahead ? 'future' : 'past');
  const sunday = weekday(doc) === 0;
  const base = ahead && sunday ? addDays(doc, -1) : saturday;
  return { value: `${formatWeek(addDays(base, amount > 1 ? (amount - 1) * 7 : 0))}-WE`, precision: 'week' };
}

function seasonYear(doc: Day, season: Season, shift: Shift, tense: Tense): number {
  const start = SEASON_START[season];
  // Winter starting in December belongs to that year; January and February are still the previous year's winter.
  const docSeasonStart = doc.month === 12 ? 12 : doc.month < 3 ? 12 : Math.floor(doc.month / 3) * 3;
  const docSeasonYear = doc.month < 3 ? doc.year - 1 : doc.year;
  const order = (y: number, s: number) => y * 12 + s;
  const current = order(docSeasonYear, docSeasonStart);
  const thisYear = doc.month < 3 && season === 'WI' ? docSeasonYear : doc.year;
  if (shift === 'this' || (shift === null && tense !== 'past' && tense !== 'future')) return thisYear;
  if (shift === 'last' || tense === 'past') {
    const y =
      order(thisYear, start) < current || (shift === null && order(thisYear, start) === current)
        ? thisYear
        : thisYear - 1;
    return y;
  }
  return order(thisYear, start) > current ? thisYear : thisYear + 1;
}

function shiftValue(base: Day, unit: string, amount: number): Resolved | null {
  if (!Number.isFinite(amount)) return null; // "several weeks ago"
  switch (unit) {
    case 'day':
      return { value: formatDay(addDays(base, amount)), precision: 'day' };
    case 'week':
      return { value: formatWeek(addDays(base, amount * 7)), precision: 'week' };
    case 'month': {
      const { year, month } = fromMonthIndex(monthIndex(base.year, base.month) + amount);
      return { value: formatMonth(year, month), precision: 'month' };
    }
    case 'quarter': {
      const index = base.year * 4 + quarterOf(base.month) - 1 + amount;
      return { value: `${pad4(Math.floor(index / 4))}-Q${(index % 4) + 1}`, precision: 'quarter' };
    }
    case 'year':
      return { value: pad4(base.year + amount), precision: 'year' };
    case 'decade':
      return { value: String(Math.floor((base.year + amount * 10) / 10)), precision: 'decade' };
    case 'century': // TimeML writes the 20th century as 19
      return { value: String(Math.floor(base.year / 100) + amount).padStart(2, '0'), precision: 'century' };
    default:
      return null;
  }
}

/** The day a previous value stands for, so "three days later" can count from it. */
function anchorDay(previous: Resolved | null, doc: Day | null): Day | null {
  const value = previous?.value;
  if (value) {
    const day = parseIsoDay(value);
    if (day) return day;
    const month = /^(\d{4})-(\d\d)$/.exec(value);
    if (month) return { year: +month[1], month: +month[2], day: 1 };
    const quarter = /^(\d{4})-Q(\d)$/.exec(value);
    if (quarter) return { year: +quarter[1], month: +quarter[2] * 3 - 2, day: 1 };
    const year = /^(\d{4})$/.exec(value);
    if (year) return { year: +year[1], month: 1, day: 1 };
  }
  return doc;
}

function shiftQuarterValue(value: string, years: number): string {
  const m = /^(\d{4})-Q(\d)$/.exec(value);
  return m ? `${pad4(+m[1] + years)}-Q${m[2]}` : value;
}

export function resolveMeaning(meaning: Meaning, ctx: Context): Resolved {
  const doc = ctx.docDay;
  switch (meaning.kind) {
    case 'day': {
      const year =
        meaning.year ?? yearOfUndated(doc, meaning.month, meaning.shift ?? null, meaning.yearShift, ctx, meaning.day);
      if (year === null) return unresolved('day');
      const day = { year, month: meaning.month, day: meaning.day };
      return isValidDay(day) ? { value: formatDay(day), precision: 'day' } : unresolved('day');
    }
    case 'month': {
      const year = meaning.year ?? yearOfUndated(doc, meaning.month, meaning.shift, meaning.yearShift, ctx);
      return year === null ? unresolved('month') : { value: formatMonth(year, meaning.month), precision: 'month' };
    }
    case 'year':
      return { value: pad4(meaning.year), precision: 'year' };
    case 'decade':
      return { value: meaning.decade, precision: 'decade' };
    case 'century':
      return { value: String(meaning.century - 1).padStart(2, '0'), precision: 'century' };
    case 'weekday':
      if (!doc) return unresolved('day');
      return {
        value: formatDay(
          resolveWeekday(doc, meaning.dow, meaning.shift, meaning.tense ?? ctx.tense, ctx.reportedBefore),
        ),
        precision: 'day',
      };
    case 'anchoredWeekday': {
      // "the previous Friday" counts from the last day the story named, else from the article's date.
      const base = (ctx.previous?.precision === 'day' ? parseIsoDay(ctx.previous.value) : null) ?? doc;
      if (!base) return unresolved('day');
      const step =
        meaning.direction < 0 ? (weekday(base) - meaning.dow + 7) % 7 || 7 : (meaning.dow - weekday(base) + 7) % 7 || 7;
      return { value: formatDay(addDays(base, meaning.direction * step)), precision: 'day' };
    }
    case 'season': {
      const year = meaning.year ?? (doc ? seasonYear(doc, meaning.season, meaning.shift, ctx.tense) : null);
      return year === null ? unresolved('season') : { value: `${pad4(year)}-${meaning.season}`, precision: 'season' };
    }
    case 'quarter': {
      let year = meaning.year;
      if (year === null && doc && meaning.yearShift !== undefined) year = doc.year + meaning.yearShift;
      if (year === null && doc) {
        year = doc.year;
        // "the fourth quarter" in a February report is last year's, unless the sentence looks ahead.
        if (meaning.quarter > quarterOf(doc.month) && ctx.tense !== 'future') year -= 1;
        if (meaning.shift === 'last') year -= 1;
      }
      return year === null
        ? unresolved('quarter')
        : { value: `${pad4(year)}-Q${meaning.quarter}`, precision: 'quarter' };
    }
    case 'half': {
      const year = meaning.year ?? doc?.year ?? null;
      return year === null ? unresolved('unknown') : { value: `${pad4(year)}-H${meaning.half}`, precision: 'unknown' };
    }
    case 'offset':
      if (meaning.unit === 'weekend') return doc ? resolveWeekend(doc, meaning.amount, ctx.tense) : unresolved('week');
      return (doc && shiftValue(doc, meaning.unit, meaning.amount)) ?? unresolved(precisionOfUnit(meaning.unit));
    case 'anchored': {
      const base = anchorDay(ctx.previous, doc);
      return (base && shiftValue(base, meaning.unit, meaning.amount)) ?? unresolved(precisionOfUnit(meaning.unit));
    }
    case 'yearPeriod': {
      const quarter = ctx.recentQuarter ? /-Q(\d)$/.exec(ctx.recentQuarter)?.[1] : undefined;
      return quarter
        ? { value: `${pad4(meaning.year)}-Q${quarter}`, precision: 'quarter' }
        : { value: pad4(meaning.year), precision: 'year' };
    }
    case 'holiday':
      return resolveHoliday(meaning.holiday, meaning.year, meaning.shift, meaning.week, ctx);
    case 'contextQuarter': {
      const { reportedIn } = meaning;
      const reported = !reportedIn || (reportedIn === 'past' ? ctx.tense === 'past' : ctx.tense !== 'future');
      if (ctx.recentQuarter && reported)
        return { value: shiftQuarterValue(ctx.recentQuarter, -meaning.yearsBack), precision: 'quarter' };
      if (reportedIn) return (doc && shiftValue(doc, 'quarter', 0)) ?? unresolved('quarter');
      // Without context, the story is about the last completed quarter.
      return (doc && shiftValue(doc, 'quarter', -1 - 4 * meaning.yearsBack)) ?? unresolved('quarter');
    }
    case 'yearAgo': {
      if (ctx.recentQuarter) return { value: shiftQuarterValue(ctx.recentQuarter, -1), precision: 'quarter' };
      // Even "a year earlier" counts from the report's date in news: the figure compared is the current one.
      return doc ? { value: pad4(doc.year - 1), precision: 'year' } : unresolved('year');
    }
    case 'weekOf': {
      const day = parseIsoDay(resolveMeaning(meaning.of, ctx).value);
      return day ? { value: formatWeek(day), precision: 'week' } : unresolved('week');
    }
    case 'dayShift': {
      const day = parseIsoDay(resolveMeaning(meaning.of, ctx).value);
      return day ? { value: formatDay(addDays(day, meaning.days)), precision: 'day' } : unresolved('day');
    }
    case 'reference':
      return { value: meaning.value, precision: 'unknown' };
  }
}

/** A holiday without a year is the nearest one the tense allows, "last"/"next" strictly before or after the article. */
function resolveHoliday(holiday: Holiday, year: number | null, shift: Shift, week: boolean, ctx: Context): Resolved {
  const precision: Precision = week ? 'week' : 'day';
  const doc = ctx.docDay;
  let chosen: number | null = year;
  if (chosen === null && doc) {
    const docKey = formatDay(doc);
    const on = (y: number) => formatDay(holidayDate(holiday, y));
    const before = on(doc.year) <= docKey ? doc.year : doc.year - 1;
    const after = on(doc.year) >= docKey ? doc.year : doc.year + 1;
    if (shift === 'last') chosen = on(doc.year) < docKey ? doc.year : doc.year - 1;
    else if (shift === 'next') chosen = on(doc.year) > docKey ? doc.year : doc.year + 1;
    else if (shift === 'this') chosen = doc.year;
    else {
      const fixedDay = holidayDate(holiday, doc.year);
      chosen = yearForMonth(doc, fixedDay.month, null, ctx.tense, fixedDay.day);
      if (chosen !== before && chosen !== after) chosen = before;
    }
  }
  if (chosen === null) return unresolved(precision);
  const day = holidayDate(holiday, chosen);
  return { value: week ? formatWeek(day) : formatDay(day), precision };
}

function precisionOfUnit(unit: string): Precision {
  return unit === 'day' ||
    unit === 'week' ||
    unit === 'month' ||
    unit === 'quarter' ||
    unit === 'year' ||
    unit === 'decade' ||
    unit === 'century'
    ? unit
    : 'unknown';
}
