/**
 * Finds candidate date expressions with regular expressions over the raw text and says what each means
 * (a Meaning), leaving the resolution against the document date to time-value.ts.
 */

export type Unit = 'day' | 'week' | 'weekend' | 'month' | 'quarter' | 'half' | 'year' | 'decade' | 'century';
export type Shift = 'last' | 'next' | 'this' | null;
export type Season = 'SP' | 'SU' | 'FA' | 'WI';
export type Holiday =
  | 'newYearsDay'
  | 'newYearsEve'
  | 'christmas'
  | 'christmasEve'
  | 'boxingDay'
  | 'independenceDay'
  | 'thanksgiving'
  | 'electionDay'
  | 'laborDay'
  | 'memorialDay'
  | 'veteransDay'
  | 'valentines'
  | 'halloween'
  | 'easter'
  | 'goodFriday'
  | 'mlkDay'
  | 'presidentsDay';

export type Meaning =
  /** yearShift: the year counted from the article's ("Feb. 3 last year" is -1); shift: "last Oct. 23". */
  | { kind: 'day'; year: number | null; month: number; day: number; shift?: Shift; yearShift?: number }
  | { kind: 'month'; year: number | null; month: number; shift: Shift; yearShift?: number }
  | { kind: 'year'; year: number; endYear?: number }
  | { kind: 'decade'; decade: string }
  | { kind: 'century'; century: number }
  /** tense overrides the sentence's: "Tuesday's vote" is a day past unless looked forward to. */
  | { kind: 'weekday'; dow: number; shift: Shift; tense?: 'past' | 'future' }
  /** "the week of March 6": the ISO week holding a day. */
  | { kind: 'weekOf'; of: Meaning }
  /** "the day before Tuesday", "the day after Christmas": a day counted from another. */
  | { kind: 'dayShift'; of: Meaning; days: number }
  /** "the previous Friday", "the following Monday": counted from the last date mentioned. */
  | { kind: 'anchoredWeekday'; dow: number; direction: -1 | 1 }
  | { kind: 'season'; season: Season; year: number | null; shift: Shift }
  | { kind: 'quarter'; quarter: number; year: number | null; shift: Shift; yearShift?: number }
  | { kind: 'half'; half: number; year: number | null }
  /** A unit counted from the document date: "yesterday" is day -1, "next week" week +1, "two years ago" year -2. */
  | { kind: 'offset'; unit: Unit; amount: number }
  /** A unit counted from the last date mentioned: "three days later", "the following year". */
  | { kind: 'anchored'; unit: Unit; amount: number }
  /**
   * "the quarter", "the latest quarter": the quarter the story is about. "this quarter" is that quarter only in the
   * tenses reportedIn names ("sales rose this quarter" past; "this quarter's loss" any but future), else the article's own.
   */
  | { kind: 'contextQuarter'; yearsBack: number; reportedIn?: 'past' | 'notFuture' }
  /** "the 1988 period": that year's quarter when the story is about a quarter, otherwise the year. */
  | { kind: 'yearPeriod'; year: number }
  /** "Thanksgiving", "Christmas Day", "Easter week": a named day, resolved like a day without a year. */
  | { kind: 'holiday'; holiday: Holiday; shift: Shift; year: number | null; week: boolean }
  /** "a year ago": a quarter a year back when the story is about a quarter, otherwise the year before. */
  | { kind: 'yearAgo' }
  | { kind: 'reference'; value: 'PRESENT_REF' | 'PAST_REF' | 'FUTURE_REF' };

export interface Candidate {
  start: number;
  end: number;
  meaning: Meaning;
  /** Second half of a range such as "1990-95". */
  endMeaning?: Meaning;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  hundred: 100,
  several: NaN,
  few: NaN,
  'a few': NaN,
  'a couple of': 2,
  couple: 2,
};
const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  final: 4,
  last: 4,
};
const TENS: Record<string, number> = {
  twenties: 2,
  thirties: 3,
  forties: 4,
  fifties: 5,
  sixties: 6,
  seventies: 7,
  eighties: 8,
  nineties: 9,
};
const SEASONS: Record<string, Season> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };

/** Holiday names as news writes them; "Christmas" alone is the day too. */
const HOLIDAYS: [string, Holiday][] = [
  ["New Year['’]s\\s+Eve", 'newYearsEve'],
  ["New Year['’]s(?:\\s+Day)?", 'newYearsDay'],
  ['Christmas\\s+Eve', 'christmasEve'],
  ['Christmas(?:\\s+Day)?', 'christmas'],
  ['Boxing\\s+Day', 'boxingDay'],
  ['Independence\\s+Day|the\\s+Fourth\\s+of\\s+July', 'independenceDay'],
  ['Thanksgiving(?:\\s+Day)?', 'thanksgiving'],
  ['Election\\s+Day', 'electionDay'],
  ['Labor\\s+Day', 'laborDay'],
  ['Memorial\\s+Day', 'memorialDay'],
  ["Veterans['’]?\\s+Day", 'veteransDay'],
  ["Valentine['’]s\\s+Day", 'valentines'],
  ['Halloween', 'halloween'],
  ['Easter(?:\\s+Sunday)?', 'easter'],
  ['Good\\s+Friday', 'goodFriday'],
  ['Martin\\s+Luther\\s+King(?:\\s+Jr\\.)?\\s+Day', 'mlkDay'],
  ["Presidents['’]?\\s+Day", 'presidentsDay'],
];
const HOLIDAY = `(${HOLIDAYS.map(([source]) => `(?:${source})`).join('|')})`;
function holidayOf(name: string): Holiday {
  return HOLIDAYS.find(([source]) => new RegExp(`^(?:${source})$`).test(name))![1];
}

// Building blocks. Case matters for names: "may" and "march" in lower case are verbs.
const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?(?![a-z]))';
const WEEKDAY =
  '(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|(?:Sun|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat)\\.)';
const DAY_NUM = '([12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR4 = '((?:1[6-9]|20)\\d\\d)';
const YEAR = `(${YEAR4.slice(1, -1)}|['’]\\d\\d)`;
// "February this year", "Oct. 3 last year": the year named relative to the article's.
const YEAR_SHIFT = ",?\\s+(this|last|next)\\s+year(?![\\w'’-])";
const NUM =
  '(an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|several|a few|a couple of|\\d{1,3})';
// TimeML values "Friday night" in news as the day itself, so the part of the day only widens the span.
const TIME_OF_DAY = '(?:\\s+(?:morning|afternoon|evening|night))?';

// Spoken years in transcripts: "nineteen ninety-six", "two thousand", "two thousand and one".
const SPOKEN_UNITS = 'one|two|three|four|five|six|seven|eight|nine';
const SPOKEN_YEAR = `((?:nineteen|two\\s+thousand(?:\\s+and)?)\\s+(?:(?:${Object.keys(TENS).join('|').replace(/ies/g, 'y')})(?:[-\\s](?:${SPOKEN_UNITS}))?|${SPOKEN_UNITS}|ten)|two\\s+thousand)`;

function spokenYearOf(words: string): number {
  const m = /^(nineteen|two\s+thousand(?:\s+and)?)(?:\s+(\w+)(?:[-\s](\w+))?)?$/i.exec(words.trim());
  if (!m) return NaN;
  const base = /^nine/i.test(m[1]) ? 1900 : 2000;
  if (!m[2]) return base;
  const tens = TENS[m[2].toLowerCase().replace(/y$/, 'ies')];
  if (tens === undefined) return base + (m[2].toLowerCase() === 'ten' ? 10 : NUMBER_WORDS[m[2].toLowerCase()]);
  return base + tens * 10 + (m[3] ? NUMBER_WORDS[m[3].toLowerCase()] : 0);
}

function monthOf(word: string): number {
  return MONTHS[word.toLowerCase().replace('.', '')];
}

function yearOf(word: string): number {
  if (/^['’]/.test(word)) {
    const two = +word.slice(1);
    return two >= 30 ? 1900 + two : 2000 + two;
  }
  return +word;
}

function shiftOf(word: string | undefined): Shift {
  const w = word?.toLowerCase();
  if (w === 'last' || w === 'past' || w === 'previous') return 'last';
  if (w === 'next' || w === 'coming') return 'next';
  if (w === 'this' || w === 'current') return 'this';
  return null;
}

function yearShiftOf(word: string | undefined): number | undefined {
  return word === undefined ? undefined : { this: 0, last: -1, next: 1 }[word];
}

function countOf(word: string): number {
  const w = word.toLowerCase();
  return w in NUMBER_WORDS ? NUMBER_WORDS[w] : +w;
}

/** What a rule makes of a match; skip drops leading context the match needed ("for" in "for the year"). */
type Built = Omit<Candidate, 'start' | 'end'> & { skip?: number };
/** What a rule recognizes, in groups: days, months, weekdays, counted units (relative), quarters, halves, ... */
export type RuleKind =
  | 'day'
  | 'month'
  | 'weekday'
  | 'relative'
  | 'quarter'
  | 'half'
  | 'season'
  | 'decade'
  | 'century'
  | 'period'
  | 'spoken'
  | 'year'
  | 'holiday'
  | 'range'
  | 'reference';

/** A recognition rule: its name, its kind, why it holds (as compromise's date plugin documents its matches). */
export interface RuleAbout {
  name: string;
  kind: RuleKind;
  reason: string;
}

type Rule = RuleAbout & { re: RegExp; build: (m: RegExpExecArray, text: string) => Built | null };

const rule = (about: RuleAbout, source: string, build: Rule['build'], flags = 'g'): Rule => ({
  ...about,
  re: new RegExp(source, flags),
  build,
});

const RULES: Rule[] = [
  // "Monday, May 27, 2019", "May 27th", "Aug. 14, 2017", "last Oct. 23", "Feb. 3 this year"
  rule(
    {
      name: 'month day year',
      kind: 'day',
      reason: 'the US news form of a day: "Monday, May 27, 2019", "Aug. 14", "last Oct. 23", "Feb. 3 this year"',
    },
    `\\b(?:(?:${WEEKDAY},?|([Ll]ast|[Nn]ext|[Tt]his))\\s+)?${MONTH}\\s+${DAY_NUM}(?:(?:,\\s*|\\s+)${YEAR}|${YEAR_SHIFT})?(?!\\d|:\\d)`,
    (m) => {
      const year = m[5] ? yearOf(m[5]) : null;
      return {
        meaning: {
          kind: 'day',
          year,
          month: monthOf(m[3]),
          day: +m[4],
          shift: shiftOf(m[2]),
          yearShift: yearShiftOf(m[6]),
        },
      };
    },
  ),
  // The second day of "April 24 and 25", "May 3-5, 2019": a day of the month just named.
  rule(
    {
      name: 'second day of a pair',
      kind: 'day',
      reason: '"April 24 and 25", "May 3-5, 2019": the later day is a day of the month just named',
    },
    `\\b${MONTH}\\s+${DAY_NUM}\\s*(?:[-–]|\\s(?:and|or|to|through)\\s)\\s*(${DAY_NUM}(?:,?\\s+${YEAR4})?)(?![\\d:%]` +
      `|\\s*(?:percent|cents?|points?|people|p\\.?m|a\\.?m)\\b)`,
    (m) => {
      if (+m[4] <= +m[2]) return null;
      return {
        skip: m[0].length - m[3].length,
        meaning: { kind: 'day', year: m[5] ? +m[5] : null, month: monthOf(m[1]), day: +m[4] },
      };
    },
  ),
  // "27 May 2019", "Monday 27 May", "the 27th of May"
  rule(
    {
      name: 'day month year',
      kind: 'day',
      reason: 'the British and wire form: "27 May 2019", "Monday 27 May", "the 27th of May"',
    },
    `\\b(?:${WEEKDAY},?\\s+)?(?:the\\s+)?${DAY_NUM}(?:\\s+of)?\\s+${MONTH}(?:,?\\s+${YEAR})?`,
    (m) => {
      const year = m[4] ? yearOf(m[4]) : null;
      return { meaning: { kind: 'day', year, month: monthOf(m[3]), day: +m[2] } };
    },
  ),
  // ISO "2019-05-27" and "2019/05/27"
  rule(
    { name: 'iso day', kind: 'day', reason: 'datelines and tables write "2019-05-27" or "2019/05/27"' },
    '\\b(\\d{4})[-/](\\d\\d)[-/](\\d\\d)\\b',
    (m) => ({ meaning: { kind: 'day', year: +m[1], month: +m[2], day: +m[3] } }),
  ),
  // US numeric "11/02/89", "5/27/2019"
  rule(
    {
      name: 'us numeric day',
      kind: 'day',
      reason: 'US forms and captions write "11/02/89", "5/27/2019" (month first)',
    },
    '(?<![\\d/.])(1[0-2]|0?[1-9])/([12]\\d|3[01]|0?[1-9])/(\\d{4}|\\d\\d)(?![\\d/])',
    (m) => {
      const year = m[3].length === 2 ? yearOf(`'${m[3]}`) : +m[3];
      return { meaning: { kind: 'day', year, month: +m[1], day: +m[2] } };
    },
  ),
  // "May 2019", "May of 2019", "last June", "this September", "June last year", bare "January"
  rule(
    {
      name: 'month',
      kind: 'month',
      reason:
        '"May 2019", "last June", "June last year"; a bare month only where it reads as a date ("in May", not "April Smith")',
    },
    `(?:\\b([Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast)\\s+)?\\b${MONTH}(?:(?:(?:,|\\s+of)?\\s+${YEAR})|${YEAR_SHIFT})?(?![\\w-])`,
    (m, text) => {
      const month = monthOf(m[2]);
      const yearShift = yearShiftOf(m[4]);
      if (
        !m[3] &&
        !m[1] &&
        yearShift === undefined &&
        !plausibleBareMonth(text, m.index + m[0].length - m[2].length, m[2])
      )
        return null;
      return { meaning: { kind: 'month', year: m[3] ? yearOf(m[3]) : null, month, shift: shiftOf(m[1]), yearShift } };
    },
  ),
  // Weekdays: "Saturday", "last Friday", "Wednesday night"
  rule(
    {
      name: 'weekday',
      kind: 'weekday',
      reason: '"Saturday", "last Friday", "Wednesday night": news dates the week\'s events by weekday',
    },
    `(?:\\b([Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Tt]his\\s+coming|[Tt]his\\s+past)\\s+)?\\b${WEEKDAY}${TIME_OF_DAY}(?![\\w-])`,
    (m, text) => {
      const shift = m[1] ? shiftOf(m[1].split(/\s+/).pop()) : null;
      const end = m.index + m[0].length;
      const tense = /^['’]s\b/.test(text.slice(end, end + 3)) ? possessiveWeekdayTense(text, m.index) : undefined;
      return { meaning: { kind: 'weekday', dow: WEEKDAYS[m[2].toLowerCase().replace('.', '')], shift, tense } };
    },
  ),
  rule(
    {
      name: 'anchored weekday',
      kind: 'weekday',
      reason: '"the previous Friday", "the following Monday" count from the date the story last named',
    },
    `\\bthe\\s+(previous|preceding|prior|following|next)\\s+${WEEKDAY}${TIME_OF_DAY}(?![\\w-])`,
    (m) => ({
      meaning: {
        kind: 'anchoredWeekday',
        dow: WEEKDAYS[m[2].toLowerCase().replace('.', '')],
        direction: /^(?:following|next)$/i.test(m[1]) ? 1 : -1,
      },
    }),
    'g',
  ),
  rule(
    {
      name: 'deictic day',
      kind: 'relative',
      reason: '"yesterday", "today", "tomorrow", "tonight" count from the article\'s date',
    },
    '\\b(yesterday|today|tomorrow|tonight)(?:\\s+(morning|afternoon|evening|night))?\\b',
    (m) => {
      const amount = { yesterday: -1, today: 0, tonight: 0, tomorrow: 1 }[m[1].toLowerCase()] ?? 0;
      return { meaning: { kind: 'offset', unit: 'day', amount } };
    },
    'gi',
  ),
  // "last week", "this month", "next year", "the weekend", "the current quarter"
  rule(
    {
      name: 'named unit',
      kind: 'relative',
      reason:
        '"last week", "this month", "next year", "the weekend": a unit counted from the article; "the year" alone is too often generic',
    },
    '\\b(?:(last|this|next|past|coming|current)|the)\\s+(week|weekend|month|year|quarter)\\b(?![-\\s]+(?:old|long|earlier|ago|before|later)\\b)',
    (m, text) => {
      const word = m[1]?.toLowerCase();
      const unit = m[2].toLowerCase() as Unit;
      if (!word && unit !== 'weekend') return null; // "the year" alone is too often generic
      if (word === 'past') return null; // "the past week" is a duration
      if (word === 'current' && unit !== 'quarter') return null;
      const possessive = /^['’]s\b/.test(text.slice(m.index + m[0].length));
      const amount = word === 'last' ? -1 : word === 'next' || word === 'coming' ? 1 : 0;
      return { meaning: resultsPeriod(word, unit, possessive) ?? { kind: 'offset', unit, amount } };
    },
    'gi',
  ),
  // TimeML dates "the past year" as the year before the article's, like "last year".
  rule(
    {
      name: 'the past year',
      kind: 'relative',
      reason: 'TimeML dates "the past year" as the year before the article\'s, like "last year"',
    },
    '\\bthe\\s+past\\s+year\\b(?![-\\s]+(?:old|long)\\b)',
    () => ({ meaning: { kind: 'offset', unit: 'year', amount: -1 } }),
    'gi',
  ),
  // "two weeks ago", "a year earlier", "three days later"
  rule(
    {
      name: 'counted units',
      kind: 'relative',
      reason: '"two weeks ago" counts from the article, "three days later" from the last date named',
    },
    `\\b${NUM}\\s+(day|week|month|year|decade)s?\\s+(ago|earlier|later|from\\s+now|hence|(?:before|after)(?!\\s+(?:than` +
      `|that|the|a|an|his|her|its|their|\\w+ing)\\b))\\b`,
    (m) => {
      const amount = countOf(m[1]);
      const unit = m[2].toLowerCase() as Unit;
      const direction = /^(ago|earlier|before)$/i.test(m[3]) ? -1 : 1;
      if (unit === 'year' && amount === 1 && direction < 0) return { meaning: { kind: 'yearAgo' } };
      const fromNow = /ago|now|hence/i.test(m[3]);
      return { meaning: { kind: fromNow ? 'offset' : 'anchored', unit, amount: direction * amount } };
    },
    'gi',
  ),
  // "the previous day", "the following year", "the year before"
  rule(
    {
      name: 'anchored unit',
      kind: 'relative',
      reason: '"the previous day", "the following year", "the next morning" count from the last date named',
    },
    '\\bthe\\s+(previous|prior|following|next)\\s+(day|week|month|year|morning|afternoon|evening|night)\\b',
    (m) => {
      const unit = /^(?:day|week|month|year)$/i.test(m[2]) ? (m[2].toLowerCase() as Unit) : 'day'; // "the next morning" is a day later
      return { meaning: { kind: 'anchored', unit, amount: /following|next/i.test(m[1]) ? 1 : -1 } };
    },
    'gi',
  ),
  rule(
    { name: 'year ago', kind: 'relative', reason: '"year-earlier", "a year ago": the period a year back' },
    '\\b(year-(?:earlier|ago)|a\\s+year\\s+ago)\\b',
    () => ({ meaning: { kind: 'yearAgo' } }),
    'gi',
  ),
  // Quarters: "the third quarter", "third-quarter", "the first quarter of 2019", "Q1 2019"
  rule(
    {
      name: 'ordinal quarter',
      kind: 'quarter',
      reason: 'results news names quarters: "the third quarter", "third-quarter", "the first quarter of 2019"',
    },
    `\\b(?:(the|this|last|next)\\s+)?(?:(fiscal|year-earlier|year-ago|same)[-\\s]+)?(first|second|third|fourth|1st|2nd` +
      `|3rd|4th|final)[-\\s]+quarter(?:\\s+of(?:\\s+fiscal)?\\s+${YEAR4})?`,
    (m) => {
      const yearsBack = /year-(earlier|ago)/i.test(m[2] ?? '') ? -1 : 0;
      return {
        meaning: {
          kind: 'quarter',
          quarter: ORDINALS[m[3].toLowerCase()],
          year: m[4] ? +m[4] : null,
          shift: yearsBack ? 'last' : null,
        },
      };
    },
    'gi',
  ),
  // "this year's third quarter", "the 1988 third quarter", "the 1988 period"
  rule(
    {
      name: "year's quarter",
      kind: 'quarter',
      reason: '"this year\'s third quarter", "the 1988 third quarter", "the 1988 period"',
    },
    `\\b(?:(this|last|next)\\s+year['’]s|the\\s+${YEAR4}(?:\\s+fiscal)?)\\s+(?:(first|second|third|fourth)\\s+)?(quarter|period)\\b`,
    (m) => {
      const quarter = m[3] ? ORDINALS[m[3].toLowerCase()] : null;
      if (m[2])
        return {
          meaning: quarter
            ? { kind: 'quarter', quarter, year: +m[2], shift: null }
            : { kind: 'yearPeriod', year: +m[2] },
        };
      const amount = m[1].toLowerCase() === 'last' ? -1 : m[1].toLowerCase() === 'next' ? 1 : 0;
      if (quarter) return { meaning: { kind: 'quarter', quarter, year: null, shift: null, yearShift: amount } };
      // "last year's quarter" is the reported quarter a year back.
      return {
        meaning: amount < 0 ? { kind: 'contextQuarter', yearsBack: 1 } : { kind: 'offset', unit: 'year', amount },
      };
    },
    'gi',
  ),
  rule(
    { name: 'q quarter', kind: 'quarter', reason: 'the short form "Q1 2019"' },
    `\\bQ([1-4])(?:\\s+${YEAR4})?\\b`,
    (m) => ({ meaning: { kind: 'quarter', quarter: +m[1], year: m[2] ? +m[2] : null, shift: null } }),
  ),
  // "the latest quarter", "the year-ago period", "the corresponding period last year", "the quarter a year ago"
  rule(
    {
      name: 'context quarter',
      kind: 'quarter',
      reason: '"the latest quarter", "the year-ago period": the quarter the results story is about',
    },
    '\\bthe\\s+(?:(latest|most\\s+recent|recent|same|corresponding|comparable|year-earlier|year-ago)\\s+)?(quarter|period)\\b' +
      '(?!-to-)(\\s+(?:last\\s+year|a\\s+year\\s+(?:ago|earlier))\\b)?',
    (m) => {
      if (!m[1] && !m[3] && m[2].toLowerCase() === 'period') return null;
      return { meaning: { kind: 'contextQuarter', yearsBack: /year-/i.test(m[1] ?? '') || m[3] ? 1 : 0 } };
    },
    'gi',
  ),
  // Halves: "the first half of 2019", "the second half", "the last half of 1989", "the first two quarters of 1990"
  rule(
    {
      name: 'half',
      kind: 'half',
      reason:
        '"the first half of 2019", "the second half", "the first two quarters of 1990"; not "the first half of the 1990s"',
    },
    `\\bthe\\s+(first|second|last|latter)\\s+(?:half|two\\s+quarters)(?:\\s+of\\s+${YEAR4})?\\b(?!\\s+of\\s+(?:the\\s+)?` +
      `(?:['’]?\\d0s|\\d{3}0s|decade|century))`,
    (m) => ({
      meaning: { kind: 'half', half: /first/i.test(m[1]) ? 1 : 2, year: m[2] ? +m[2] : null },
    }),
    'gi',
  ),
  // Seasons: "this summer", "last fall", "the summer of 2019", "spring 2020"
  rule(
    {
      name: 'season',
      kind: 'season',
      reason: '"this summer", "the summer of 2019", "spring 2020"; bare "fall" is usually the verb',
    },
    `\\b(?:(this|last|next|the|this\\s+past)\\s+)?(spring|summer|fall|autumn|winter)(?:(?:\\s+of)?\\s+${YEAR4})?\\b`,
    (m) => {
      if (!m[1] && !m[3]) return null; // bare "fall" is usually the verb
      const shift = m[1] ? shiftOf(m[1].split(/\s+/).pop()) : null;
      return { meaning: { kind: 'season', season: SEASONS[m[2].toLowerCase()], year: m[3] ? +m[3] : null, shift } };
    },
    'gi',
  ),
  // Decades: "the 1990s", "the '90s", "the mid-1980s"
  rule(
    { name: 'decade', kind: 'decade', reason: '"the 1990s", "the mid-1980s"' },
    "\\b(?:the\\s+)?(?:(?:early|late|mid)[-\\s])?(1[6-9]\\d|20\\d)0['’]?s\\b",
    (m) => ({ meaning: { kind: 'decade', decade: m[1] } }),
    'gi',
  ),
  rule(
    { name: 'short decade', kind: 'decade', reason: 'the decade in two digits: "the \'90s"' },
    "(?:\\bthe\\s+)?['’]([0-9])0s\\b",
    (m) => ({ meaning: { kind: 'decade', decade: `19${m[1]}` } }),
    'gi',
  ),
  // Centuries: "the 19th century", "the twentieth century"
  rule(
    { name: 'numbered century', kind: 'century', reason: '"the 19th century"' },
    '\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\s+century\\b',
    (m) => ({ meaning: { kind: 'century', century: +m[1] } }),
    'gi',
  ),
  rule(
    { name: 'spelled century', kind: 'century', reason: '"the twentieth century"' },
    '\\bthe\\s+(nineteenth|twentieth|twenty-first)\\s+century\\b',
    (m) => ({
      meaning: {
        kind: 'century',
        century: { nineteenth: 19, twentieth: 20, 'twenty-first': 21 }[m[1].toLowerCase() as 'twentieth'],
      },
    }),
    'gi',
  ),
  // "the end of the year", "year-end", "that year", "this century"
  rule(
    {
      name: 'end of a unit',
      kind: 'period',
      reason: '"the end of the year", "year-end": the article\'s year (or month, week)',
    },
    "\\b(?:the\\s+(end|beginning|start|middle|rest|remainder)\\s+of\\s+the\\s+(year|month|week)|(year)[-\\s]end|(year)['’]s\\s+end)\\b",
    (m) => ({
      meaning: { kind: 'offset', unit: (m[2] ?? 'year').toLowerCase() as Unit, amount: 0 },
    }),
    'gi',
  ),
  rule(
    {
      name: 'that unit',
      kind: 'period',
      reason: '"that day", "the same year", "later that week": the unit of the last date named',
    },
    '\\b(?:(?:later|earlier)\\s+)?(?:that|the\\s+same)\\s+(day|week|month|year)\\b',
    (m) => ({ meaning: { kind: 'anchored', unit: m[1].toLowerCase() as Unit, amount: 0 } }),
    'gi',
  ),
  rule(
    {
      name: 'this decade or century',
      kind: 'period',
      reason: '"this decade", "last century": counted from the article',
    },
    '\\b(this|last|next)\\s+(decade|century)\\b',
    (m) => ({
      meaning: {
        kind: 'offset',
        unit: m[2].toLowerCase() as Unit,
        amount: shiftOf(m[1]) === 'last' ? -1 : shiftOf(m[1]) === 'next' ? 1 : 0,
      },
    }),
    'gi',
  ),
  // Spoken decades and years in transcripts: "the nineties", "nineteen ninety-six"
  rule(
    { name: 'spoken decade', kind: 'spoken', reason: 'transcripts say "the nineties"' },
    `\\bthe\\s+(${Object.keys(TENS).join('|')})\\b`,
    (m) => ({ meaning: { kind: 'decade', decade: `19${TENS[m[1].toLowerCase()]}` } }),
    'gi',
  ),
  rule(
    {
      name: 'spoken year',
      kind: 'spoken',
      reason: 'transcripts say "nineteen ninety-six", "two thousand and one"; bare "two thousand" is a number',
    },
    `\\b(?:the\\s+year\\s+)?${SPOKEN_YEAR}\\b`,
    (m) => {
      const year = spokenYearOf(m[1]);
      // Bare "two thousand" is a number unless "the year" names it.
      if (!Number.isFinite(year) || (/^two\s+thousand$/i.test(m[1]) && !/^the/i.test(m[0]))) return null;
      return { meaning: { kind: 'year', year } };
    },
    'gi',
  ),
  rule(
    { name: 'spoken month year', kind: 'spoken', reason: '"May nineteen ninety-six"' },
    `\\b${MONTH}(?:,?\\s+|\\s+of\\s+)${SPOKEN_YEAR}\\b`,
    (m) => {
      const year = spokenYearOf(m[2]);
      return Number.isFinite(year) ? { meaning: { kind: 'month', year, month: monthOf(m[1]), shift: null } } : null;
    },
  ),
  rule(
    { name: 'spoken season', kind: 'spoken', reason: '"the summer of nineteen ninety-six"' },
    `\\b(?:the\\s+)?(spring|summer|fall|autumn|winter)\\s+of\\s+${SPOKEN_YEAR}\\b`,
    (m) => {
      const year = spokenYearOf(m[2]);
      return Number.isFinite(year)
        ? { meaning: { kind: 'season', season: SEASONS[m[1].toLowerCase()], year, shift: null } }
        : null;
    },
    'gi',
  ),
  // "the current year", "the full year", "for the year", "earlier in the year": in news, the article's year.
  rule(
    {
      name: 'the year',
      kind: 'year',
      reason:
        '"the current year", "for the year", "earlier in the year": in news, the article\'s year; "player of the year" is a title',
    },
    '\\b(?:(?:earlier|later)\\s+in\\s+|(?:for|of|in|during|through)\\s+)?the\\s+(?:(current|full|fiscal|current\\s+fiscal)\\s+)?year\\b' +
      "(?![-\\s]+(?:ago|earlier|before|after|ended|ending|end|old|long|\\d|two|nineteen)\\b|['’\\w-])",
    (m, text) => {
      if (!m[1] && !/^(?:earlier|later|for|of|in|during|through)\b/i.test(m[0])) return null;
      // "the first nine months of the year" is a date, "player of the year" a title.
      if (!m[1] && /^of\b/i.test(m[0]) && !TIME_NOUN_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index)))
        return null;
      const start = /the\s/i.exec(m[0])!.index;
      const inYear = /^(?:earlier|later)/i.test(m[0]);
      return { skip: inYear ? 0 : start, meaning: { kind: 'offset', unit: 'year', amount: 0 } };
    },
    'gi',
  ),
  // Holidays: "Thanksgiving Day", "last Christmas", "Easter week", "Christmas 1998"
  rule(
    {
      name: 'holiday',
      kind: 'holiday',
      reason:
        '"Thanksgiving Day", "last Christmas", "Easter week", "Christmas 1998"; not "Christmas tree" or "Easter Island"',
    },
    `(?:\\b([Ll]ast|[Nn]ext|[Tt]his)\\s+)?\\b${HOLIDAY}(\\s+week(?!end))?(?:,?\\s+${YEAR4})?(?![\\w'’-])`,
    (m, text) => {
      if (HOLIDAY_AS_NAME.test(text.slice(m.index + m[0].length, m.index + m[0].length + 16))) return null;
      return {
        meaning: {
          kind: 'holiday',
          holiday: holidayOf(m[2]),
          shift: shiftOf(m[1]),
          year: m[4] ? +m[4] : null,
          week: Boolean(m[3]),
        },
      };
    },
  ),
  // Month ranges: "May-July", "May-July 2019", "December-February 1999"
  rule(
    {
      name: 'month range',
      kind: 'range',
      reason: '"May-July 2019", "December-February 1999" (the first month in the year before)',
    },
    `\\b${MONTH}\\s*[-–]\\s*${MONTH}(?:,?\\s+${YEAR4})?(?![\\w-])`,
    (m) => {
      const first = monthOf(m[1]);
      const last = monthOf(m[2]);
      if (first === last) return null;
      const endYear = m[3] ? +m[3] : null;
      const startYear = endYear !== null && first > last ? endYear - 1 : endYear;
      return {
        meaning: { kind: 'month', year: startYear, month: first, shift: null },
        endMeaning: { kind: 'month', year: endYear, month: last, shift: null },
      };
    },
  ),
  // Year ranges "1990-95", "1990-1995"
  rule(
    { name: 'year range', kind: 'range', reason: '"1990-95", "1990-1995" (at most 30 years)' },
    `(?<![\\d$.,])${YEAR4}[-–](\\d\\d|\\d{4})(?![\\d%])`,
    (m) => {
      const start = +m[1];
      const end = m[2].length === 2 ? Math.floor(start / 100) * 100 + +m[2] : +m[2];
      if (end <= start || end - start > 30) return null;
      return { meaning: { kind: 'year', year: start }, endMeaning: { kind: 'year', year: end } };
    },
  ),
  // Bare years: "in 2020", "fiscal 1989", "'89"
  rule(
    {
      name: 'bare year',
      kind: 'year',
      reason: '"in 2020", "fiscal 1989": a four-digit number is a year unless it counts something',
    },
    `(?<![\\d$£€.,#/])(?<!(?<![Mm]id)-)(?:fiscal(?:\\s+year)?\\s+)?${YEAR4}(?![\\d%]|,\\d|\\.\\d|[-–]\\d)`,
    (m, text) => {
      if (!plausibleYear(text, m.index, m.index + m[0].length)) return null;
      return { meaning: { kind: 'year', year: +m[1] } };
    },
    'gi',
  ),
  rule(
    { name: 'short year', kind: 'year', reason: '"since \'89", "in \'05" after a word that introduces a time' },
    "(?<=\\b(?:in|since|of|by|until|from|fiscal|to)\\s+)['’](\\d\\d)\\b(?!['’]?s)",
    (m) => ({ meaning: { kind: 'year', year: yearOf(`'${m[1]}`) } }),
    'gi',
  ),
];

/** Vague references TimeML marks as DATE; the bot leaves them out unless asked. */
const REFERENCE_RULES: Rule[] = [
  rule(
    { name: 'present reference', kind: 'reference', reason: '"now", "currently", "these days": TimeML PRESENT_REF' },
    '\\b(now|currently|nowadays|these\\s+days|at\\s+present)\\b',
    () => ({ meaning: { kind: 'reference', value: 'PRESENT_REF' } }),
    'gi',
  ),
  rule(
    {
      name: 'past reference',
      kind: 'reference',
      reason: '"recently", "lately", "recent years", "the past": TimeML PAST_REF',
    },
    '\\b(recently|lately|recent\\s+(?:years|months|weeks|days)|the\\s+past)\\b(?!\\s+(?:week|month|year|decade|day|\\d' +
      '|few|several|two|three))',
    () => ({ meaning: { kind: 'reference', value: 'PAST_REF' } }),
    'gi',
  ),
  rule(
    { name: 'future reference', kind: 'reference', reason: '"the future", "the near future": TimeML FUTURE_REF' },
    '\\b(the\\s+(?:near\\s+|distant\\s+)?future)\\b',
    () => ({ meaning: { kind: 'reference', value: 'FUTURE_REF' } }),
    'gi',
  ),
];

/** "Christmas tree", "Easter Island", "Thanksgiving dinner": the holiday names a thing, not a day. */
const HOLIDAY_AS_NAME =
  /^\s+(?:trees?|eggs?|cards?|dinners?|shopping|gifts?|presents?|lights|carols?|part(?:y|ies)|bonus(?:es)?|decorations|spirit|sales|Island|Rising|Offensive)\b/;
const TIME_NOUN_BEFORE =
  /\b(?:days?|weeks?|months?|quarters?|half|part|rest|remainder|end|start|beginning|middle|close|balance)\s+$/i;
const COUNTED_NOUNS = new Set(
  (
    'percent people persons men women children troops soldiers shares units cars vehicles employees workers jobs tons tonnes ' +
    'barrels feet foot meters metres miles kilometers points dollars yen marks pounds members votes students cases hours ' +
    'minutes acres homes houses rooms seats planes aircraft copies words pages'
  ).split(' '),
);
const QUANTITY_BEFORE =
  /\b(about|some|nearly|almost|approximately|roughly|than|over|under|total|totaling|of|at|to|with|No\.|number|only|just|more|least|most|around|another|per)\s+$/i;
const YEAR_CUES =
  /\b(in|since|of|by|until|till|from|through|during|before|after|between|and|for|fiscal|year|early|late|mid|the|to|circa|around|spring|summer|fall|autumn|winter|end)\s+$/i;

/** A four-digit number is a year unless it counts something or reads like a quantity. */
function plausibleYear(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  const after = text.slice(end, end + 20);
  const next = /^\s+([a-z]+)/.exec(after)?.[1];
  if (next && COUNTED_NOUNS.has(next)) return false;
  if (/^\s*(%|-?(?:year|month|day|hour|mile|foot|meter)s?\b)/i.test(after)) return false;
  if (/^fiscal/i.test(text.slice(start, end))) return true;
  if (YEAR_CUES.test(before)) return !/\b(of|at|to)\s+$/i.test(before) || !/^\s+[a-z]/.test(after);
  if (QUANTITY_BEFORE.test(before)) return false;
  return true;
}

/** In a results story "this quarter" and "last year's $1.5 billion" name the quarter reported, not a calendar unit. */
function resultsPeriod(word: string | undefined, unit: Unit, possessive: boolean): Meaning | null {
  if (word === 'this' && unit === 'quarter')
    return { kind: 'contextQuarter', yearsBack: 0, reportedIn: possessive ? 'notFuture' : 'past' };
  if (word === 'last' && unit === 'year' && possessive) return { kind: 'yearAgo' };
  return null;
}

/** "Tuesday's vote" names an event news has already seen, unless the sentence waits for it ("ahead of Tuesday's vote"). */
function possessiveWeekdayTense(text: string, start: number): 'past' | 'future' {
  return /\b(?:ahead\s+of|in\s+advance\s+of|upcoming|until|till)\s+$/i.test(text.slice(Math.max(0, start - 20), start))
    ? 'future'
    : 'past';
}

/** A bare month name is a date when it reads like one ("in May", "May's", "early June"), not a name ("April Smith"). */
function plausibleBareMonth(text: string, start: number, word: string): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  const after = text.slice(start + word.length, start + word.length + 3);
  if (/^(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)$/.test(word)) return false; // "Jan" alone is a name
  if (
    /\b(in|since|by|until|till|from|to|through|during|before|after|early|late|mid|of|and|or|between|last|next|this|end)\s+$|mid-$/i.test(
      before,
    )
  )
    return true;
  if (/^\.?\s+\p{Lu}/u.test(after)) return false; // "May Smith", "March Madness"
  if (word === 'May' || word === 'March') return /^[,.;:)]|^['’]s/.test(after) && /[a-z,]\s+$/.test(before);
  return !/^\s*\p{Lu}/u.test(after);
}

/** Every rule's name, kind and reason, in the order they run (the reference rules last). */
export const RECOGNITION_RULES: readonly RuleAbout[] = [...RULES, ...REFERENCE_RULES].map(({ name, kind, reason }) => ({
  name,
  kind,
  reason,
}));

export function recognize(text: string, withReferences: boolean): Candidate[] {
  const rules = withReferences ? [...RULES, ...REFERENCE_RULES] : RULES;
  const found: Candidate[] = [];
  for (const { re, build } of rules) {
    re.lastIndex = 0;
    for (let m: RegExpExecArray | null; (m = re.exec(text)); ) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const built = build(m, text);
      if (!built) continue;
      const { skip = 0, ...candidate } = built;
      found.push({ start: m.index + skip, end: m.index + m[0].length, ...candidate });
    }
  }
  return found;
}
