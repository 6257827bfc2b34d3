import type { Precision, TimeExpression } from './types.ts';

/** Words that mark a statement as looking ahead ("will travel next week", "is expected to"). */
const FUTURE_RE =
  /\b(?:will|shall|'ll|is (?:expected|set|due|scheduled|slated|poised|planning|going) to|are (?:expected|set|due|scheduled|slated|planning|going) to|plans? to|intends? to|to be held|upcoming|next (?:week|month|year))\b/i;

export function looksAhead(sentence: string): boolean {
  return FUTURE_RE.test(sentence);
}

const PRECISION_RANK: Record<Precision, number> = {
  day: 0,
  week: 1,
  month: 2,
  season: 3,
  quarter: 3,
  year: 4,
  decade: 5,
  century: 6,
  unknown: 7,
};

/** The time expression that dates a sentence: the most precise resolved one, the earliest in the sentence on a tie. */
export function dateOfSentence(times: TimeExpression[]): TimeExpression | null {
  let best: TimeExpression | null = null;
  for (const t of times) {
    if (!best) best = t;
    else if (t.value !== null && best.value === null) best = t;
    else if (
      (t.value === null) === (best.value === null) &&
      PRECISION_RANK[t.precision] < PRECISION_RANK[best.precision]
    )
      best = t;
  }
  return best;
}

/** Compares ISO date prefixes of any precision; a week "2019-W21" is compared by its Monday. */
export function isoSortKey(value: string | null): string {
  if (!value) return '~';
  const week = /^(\d{4})-W(\d\d)(?:-WE)?$/.exec(value);
  if (week) {
    const d = isoWeekMonday(+week[1], +week[2]);
    return d.toISOString().slice(0, 10);
  }
  // Quarters, halves and seasons sort by the month they start in.
  const part = /^(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI)$/.exec(value);
  if (part) return `${part[1]}-${PERIOD_START[part[2]]}`;
  return value;
}

const PERIOD_START: Record<string, string> = {
  Q1: '01',
  Q2: '04',
  Q3: '07',
  Q4: '10',
  H1: '01',
  H2: '07',
  SP: '03',
  SU: '06',
  FA: '09',
  AU: '09',
  WI: '12',
};

export function isoWeekMonday(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const day = jan4.getUTCDay() || 7;
  return new Date(Date.UTC(year, 0, 4 - day + 1 + (week - 1) * 7));
}
