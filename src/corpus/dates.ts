/** Publication dates as written in files and fields, normalised to YYYY-MM-DD; never guessed. */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export type DateReading = { date: string } | { date: null; problem: string };

/** Reads a date value from front matter or a record field: a string, a Date (YAML 1.1 timestamps) or a Unix timestamp. */
export function readDate(value: unknown): DateReading {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? unreadable(String(value)) : { date: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'number') return readTimestamp(value);
  if (typeof value !== 'string') return unreadable(JSON.stringify(value) ?? String(value));
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return readTimestamp(Number(text));
  const date = parseDateText(text);
  if (date) return { date };
  if (ambiguousNumeric(text))
    return { date: null, problem: `ambiguous date "${clip(text)}" (day and month could be swapped)` };
  return unreadable(text);
}

/** The date written in text such as "2019-05-27", "2019-05-27T10:00:00+02:00", "May 27, 2019", "27 May 2019", "Monday, 27 May 2019". */
export function parseDateText(text: string): string | null {
  const t = text.trim();
  // ISO date or datetime: the calendar day as written, not converted to UTC (the outlet's own day).
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(t);
  if (m) return ymd(+m[1], +m[2], +m[3]);
  m = /^(\d{4})(\d{2})(\d{2})(?:$|T)/.exec(t);
  if (m) return ymd(+m[1], +m[2], +m[3]);
  const words = t.replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '');
  // "May 27, 2019", "Sept. 5 2019", "May 27th, 2019"
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(words);
  if (m && monthNumber(m[1])) return ymd(+m[3], monthNumber(m[1])!, +m[2]);
  // "27 May 2019", "27-May-2019", "27th of May, 2019"
  m = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})\b/.exec(words);
  if (m && monthNumber(m[2])) return ymd(+m[3], monthNumber(m[2])!, +m[1]);
  // Numeric day/month/year only when the order cannot be mistaken (one part above 12, or both equal).
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const [a, b, year] = [+m[1], +m[2], +m[3]];
    if (a > 12 && b <= 12) return ymd(year, b, a);
    if (b > 12 && a <= 12) return ymd(year, a, b);
    if (a === b) return ymd(year, a, b);
  }
  return null;
}

function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase();
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ];
  const index = full.indexOf(key);
  if (index >= 0) return index + 1;
  return MONTHS[key];
}

function ambiguousNumeric(text: string): boolean {
  return /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(text);
}

/** Seconds or milliseconds since 1970 (a number above 10^11 can only be milliseconds for any news date). */
function readTimestamp(value: number): DateReading {
  if (!Number.isFinite(value) || value <= 0) return unreadable(String(value));
  const ms = value > 1e11 ? value : value * 1000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? unreadable(String(value)) : { date: date.toISOString().slice(0, 10) };
}

/** YYYY-MM-DD when the day exists in the calendar, else null. */
export function ymd(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function unreadable(text: string): DateReading {
  return { date: null, problem: `unreadable date "${clip(text)}"` };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
