/**
 * The temporal tagger: finds date expressions in news text and normalises them (TimeML values) against the
 * document's creation date, reading the tense of the sentence to choose between the last and the next Thursday.
 */
import type { Sentence, TimeExpression, Token } from '../types.ts';
import { parseIsoDay, quarterOf } from './calendar.ts';
import { recognize, type Candidate } from './recognize.ts';
import { resolveMeaning, type Resolved } from './resolve.ts';
import { reportedJustBefore, tenseAround } from './tense.ts';

export interface TimeOptions {
  docDate: string | null;
  tokens?: Token[];
  sentences?: Sentence[];
}

/** Every date expression in text with UTF-16 offsets, resolved against docDate (YYYY-MM-DD); relative ones stay null in an undated document. */
export function extractTimes(text: string, opts: TimeOptions): TimeExpression[] {
  return tagTimes(text, opts.docDate, false);
}

/**
 * As extractTimes, plus the vague references TimeML also marks as dates ("now", "recently", "the future", values
 * PRESENT_REF, PAST_REF, FUTURE_REF). The bot leaves them out: they date nothing on a timeline.
 */
export function extractTimesWithReferences(text: string, opts: TimeOptions): TimeExpression[] {
  return tagTimes(text, opts.docDate, true);
}

/** How far back a quarter mentioned earlier still sets the subject of "the quarter" or "a year ago". */
const QUARTER_CONTEXT_CHARS = 600;
const MODIFIER_BEFORE =
  /\b(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle|rest|remainder|close)\s+of|earlier|later|until\s+late)[-\s]+|mid-)$/i;

function tagTimes(text: string, docDate: string | null, withReferences: boolean): TimeExpression[] {
  const chosen = extendModifiers(text, selectLongest(recognize(text, withReferences)));
  const docDay = parseIsoDay(docDate);
  const out: TimeExpression[] = [];
  const docQuarter = docDay ? `${docDay.year}-Q${quarterOf(docDay.month)}` : null;
  let previous: Resolved | null = null;
  let quarter: { value: string; end: number } | null = null;
  for (const c of chosen) {
    const recentQuarter = quarter && c.start - quarter.end <= QUARTER_CONTEXT_CHARS ? quarter.value : null;
    const reportedBefore = c.meaning.kind === 'weekday' && reportedJustBefore(text, c.start);
    const ctx = { docDay, tense: tenseAround(text, c.start, c.end), previous, recentQuarter, reportedBefore };
    const resolved = resolveMeaning(c.meaning, ctx);
    const expression: TimeExpression = { text: text.slice(c.start, c.end), start: c.start, end: c.end, ...resolved };
    if (c.endMeaning) expression.endValue = resolveMeaning(c.endMeaning, ctx).value;
    out.push(expression);
    if (resolved.value && c.meaning.kind !== 'reference') previous = resolved;
    if (isReportedQuarter(c.meaning, resolved.value, docQuarter)) quarter = { value: resolved.value!, end: c.end };
  }
  linkRanges(text, out);
  return out;
}

/**
 * A quarter a results story can be about: one of the four before the article's (a forecast quarter, the current one,
 * or the year-earlier one compared against is not), or any quarter in an undated document.
 */
function isReportedQuarter(meaning: Candidate['meaning'], value: string | null, docQuarter: string | null): boolean {
  if ((meaning.kind !== 'quarter' && meaning.kind !== 'contextQuarter') || !value) return false;
  if (!docQuarter) return true;
  const index = (q: string) => +q.slice(0, 4) * 4 + +q.slice(-1);
  const distance = index(docQuarter) - index(value);
  return distance >= 1 && distance <= 3;
}

/** Where candidates overlap, the longest wins (then the earliest); the result is in text order. */
function selectLongest(candidates: Candidate[]): Candidate[] {
  const byLength = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Candidate[] = [];
  for (const c of byLength) {
    if (!taken.some((t) => t.start < c.end && c.start < t.end)) taken.push(c);
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** "early June", "the end of last year", "mid-1990s": the modifier belongs to the expression. */
function extendModifiers(text: string, chosen: Candidate[]): Candidate[] {
  return chosen.map((c, i) => {
    const floor = i > 0 ? chosen[i - 1].end : 0;
    const m = MODIFIER_BEFORE.exec(text.slice(Math.max(floor, c.start - 30), c.start));
    return m ? { ...c, start: c.start - m[0].length } : c;
  });
}

/** "from May to July", "between 1990 and 1995": the first expression carries the range's end. */
function linkRanges(text: string, times: TimeExpression[]): void {
  for (let i = 0; i + 1 < times.length; i++) {
    const first = times[i];
    const second = times[i + 1];
    const between = text.slice(first.end, second.start);
    const before = text.slice(Math.max(0, first.start - 10), first.start);
    const linked =
      (/^\s*(?:to|through|until|till|[-–])\s*$/i.test(between) && /\bfrom\s+$/i.test(before)) ||
      (/^\s*and\s*$/i.test(between) && /\bbetween\s+$/i.test(before)) ||
      /^\s*[-–]\s*$/.test(between);
    if (linked && first.endValue === undefined) first.endValue = second.value;
  }
}
