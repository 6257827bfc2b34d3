/**
 * The temporal tagger: finds date expressions in news text and normalises them (TimeML values) against the
 * document's creation date, reading the tense of the sentence to choose between the last and the next Thursday.
 */
import type { Sentence, TimeExpression, Token } from '../types.ts';
import { parseIsoDay, quarterOf } from './calendar.ts';
import { recognize, type Candidate } from './recognize.ts';
import { resolveMeaning, type Context, type Resolved } from './time-value.ts';
import { effectiveFrom, reportedJustBefore, tenseAround, type Tense } from './tense.ts';

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
const QUARTER_CONTEXT_CHARS = 1000;
/** A year-to-date period ("the first nine months") takes over from the quarter as what "a year earlier" compares with. */
const YEAR_TO_DATE = /\b(?:six|nine)\s+months\b|\bfirst\s+half\b|\byear\s+(?:ended|ending)\b/i;
const RESULT_NOUN_AFTER = /^\s+(?:net|loss|profit|earnings|income|results|sales|revenue|deficit|operating)\b/i;
/** "the quarter ended Sept. 30", "the year ended Jan. 31": a period already closed. */
const ENDED_BEFORE = /\bended\s+(?:on\s+)?$/i;
const MODIFIER_BEFORE =
  /\b(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle|rest|remainder|close)\s+of|earlier|later|until\s+late)[-\s]+)$/i;

interface QuarterMention {
  value: string;
  end: number;
}

function tagTimes(text: string, docDate: string | null, withReferences: boolean): TimeExpression[] {
  const chosen = extendModifiers(text, wrapAnchors(text, selectLongest(recognize(text, withReferences))));
  const docDay = parseIsoDay(docDate);
  const out: TimeExpression[] = [];
  const docQuarter = docDay ? `${docDay.year}-Q${quarterOf(docDay.month)}` : null;
  let previous: Resolved | null = null;
  let quarter: QuarterMention | null = null;
  for (const c of chosen) {
    const ctx = contextFor(text, c, { docDay, previous, recentQuarter: quarterInView(text, quarter, c.start) });
    const resolved = resolveMeaning(c.meaning, ctx);
    const expression: TimeExpression = { text: text.slice(c.start, c.end), start: c.start, end: c.end, ...resolved };
    if (c.endMeaning) expression.endValue = resolveMeaning(c.endMeaning, ctx).value;
    out.push(expression);
    if (resolved.value && c.meaning.kind !== 'reference') previous = resolved;
    if (isReportedQuarter(c.meaning, resolved.value, docQuarter, ctx.tense) && !isPassingQuarter(text, c)) {
      quarter = { value: resolved.value!, end: c.end };
    }
  }
  linkRanges(text, out);
  return out;
}

/** What the text around a candidate says about its reading: tense, a report just before it, a period it closes. */
function contextFor(
  text: string,
  c: Candidate,
  known: Pick<Context, 'docDay' | 'previous' | 'recentQuarter'>,
): Context {
  const before = (chars: number) => text.slice(Math.max(0, c.start - chars), c.start);
  const datesDay = c.meaning.kind === 'day' || c.meaning.kind === 'month';
  return {
    ...known,
    tense: effectiveFrom(text, c.start) ? 'future' : tenseAround(text, c.start, c.end),
    reportedBefore: c.meaning.kind === 'weekday' && reportedJustBefore(text, c.start),
    periodEnded: datesDay && ENDED_BEFORE.test(before(12)),
  };
}

/** The story's quarter, while it is near enough and no year-to-date period has taken over. */
function quarterInView(text: string, quarter: QuarterMention | null, start: number): string | null {
  if (!quarter || start - quarter.end > QUARTER_CONTEXT_CHARS) return null;
  return YEAR_TO_DATE.test(text.slice(quarter.end, start)) ? null : quarter.value;
}

/**
 * A quarter a results story can be about: one of the four before the article's (a forecast quarter, the current one,
 * or the year-earlier one compared against is not), or any quarter in an undated document. A fiscal quarter can close
 * within the article's calendar quarter, so the current one counts when named in a past-tense report
 * ("reported fourth-quarter earnings" in November).
 */
function isReportedQuarter(
  meaning: Candidate['meaning'],
  value: string | null,
  docQuarter: string | null,
  tense: Tense,
): boolean {
  if ((meaning.kind !== 'quarter' && meaning.kind !== 'contextQuarter') || !value) return false;
  if (!docQuarter) return true;
  const index = (q: string) => +q.slice(0, 4) * 4 + +q.slice(-1);
  const distance = index(docQuarter) - index(value);
  return (distance >= 1 && distance <= 3) || (distance === 0 && meaning.kind === 'quarter' && tense === 'past');
}

/**
 * "after a flat second quarter": a quarter with an indefinite article is a comparison, not the one the story reports
 * (unlike "a third-quarter loss", where the article belongs to the figure).
 */
function isPassingQuarter(text: string, c: Candidate): boolean {
  if (!/\ban?\s+(?:[a-z]+\s+)?$/i.test(text.slice(Math.max(0, c.start - 20), c.start))) return false;
  return !/-quarter$/i.test(text.slice(c.start, c.end)) && !RESULT_NOUN_AFTER.test(text.slice(c.end, c.end + 20));
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

/** A day a phrase before it counts from: "the week of March 6", "the day before Tuesday". */
const ANCHOR_BEFORE = /\b(?:the\s+)?(?:(week)\s+of|day\s+(before|after))\s+$/i;

function namesOneDay(meaning: Candidate['meaning']): boolean {
  switch (meaning.kind) {
    case 'day':
    case 'weekday':
    case 'anchoredWeekday':
      return true;
    case 'holiday':
      return !meaning.week;
    case 'offset':
      return meaning.unit === 'day';
    default:
      return false;
  }
}

function wrapAnchors(text: string, chosen: Candidate[]): Candidate[] {
  return chosen.map((c, i) => {
    if (!namesOneDay(c.meaning)) return c;
    const floor = i > 0 ? chosen[i - 1].end : 0;
    const m = ANCHOR_BEFORE.exec(text.slice(Math.max(floor, c.start - 20), c.start));
    if (!m) return c;
    const meaning: Candidate['meaning'] = m[1]
      ? { kind: 'weekOf', of: c.meaning }
      : { kind: 'dayShift', of: c.meaning, days: m[2].toLowerCase() === 'before' ? -1 : 1 };
    return { start: c.start - m[0].length, end: c.end, meaning };
  });
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
