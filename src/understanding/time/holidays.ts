/** The dates of the holidays news names instead of dating: fixed days, US "nth weekday" rules and Easter. */
import { addDays, weekday, type Day } from './calendar.ts';
import type { Holiday } from './recognize.ts';

const FIXED: Partial<Record<Holiday, [month: number, day: number]>> = {
  newYearsDay: [1, 1],
  newYearsEve: [12, 31],
  christmas: [12, 25],
  christmasEve: [12, 24],
  boxingDay: [12, 26],
  independenceDay: [7, 4],
  veteransDay: [11, 11],
  valentines: [2, 14],
  halloween: [10, 31],
};

/** The nth (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, dow: number, n: number): Day {
  if (n < 0) {
    const last = addDays({ year, month: month === 12 ? 12 : month + 1, day: 1 }, month === 12 ? 30 : -1);
    return addDays(last, -((weekday(last) - dow + 7) % 7));
  }
  const first: Day = { year, month, day: 1 };
  return addDays(first, ((dow - weekday(first) + 7) % 7) + 7 * (n - 1));
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

export function holidayDate(holiday: Holiday, year: number): Day {
  const fixed = FIXED[holiday];
  if (fixed) return { year, month: fixed[0], day: fixed[1] };
  switch (holiday) {
    case 'thanksgiving':
      return nthWeekday(year, 11, 4, 4);
    case 'electionDay': // the Tuesday after the first Monday of November
      return addDays(nthWeekday(year, 11, 1, 1), 1);
    case 'laborDay':
      return nthWeekday(year, 9, 1, 1);
    case 'memorialDay':
      return nthWeekday(year, 5, 1, -1);
    case 'mlkDay':
      return nthWeekday(year, 1, 1, 3);
    case 'presidentsDay':
      return nthWeekday(year, 2, 1, 3);
    case 'goodFriday':
      return addDays(easterSunday(year), -2);
    default:
      return easterSunday(year);
  }
}
