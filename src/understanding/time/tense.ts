/**
 * The tense around a time expression, enough to decide whether "Thursday" or "in January" points back or ahead.
 * The nearest tense marker within the expression's sentence wins: "said Thursday that it will ..." is past,
 * "will travel on Thursday" is future.
 */
export type Tense = 'past' | 'future' | null;

const FUTURE_WORDS = new Set(
  "will won't 'll shall would wouldn't going planning scheduled expected expects expect due upcoming intend intends aim aims could might tomorrow coming hopes hope soon".split(
    ' ',
  ),
);
/** Present tense of scheduled events: "the two leaders meet Monday", "the trial begins Tuesday" (not "to meet demand"). */
const SCHEDULE_VERBS = new Set(
  'meet meets begin begins resume resumes arrives visits faces expires convene convenes'.split(' '),
);
const PAST_WORDS = new Set(
  (
    "was were had did said ago last earlier yesterday told reported announced been wasn't weren't didn't hadn't planned " +
    // Common irregular past forms, which the -ed rule cannot see.
    'went came took made gave got found began brought bought sold met held kept fell rose won ran saw thought knew became stood sent spent struck broke paid fled chose drove flew grew wrote spoke felt sought caught built withdrew overtook'
  ).split(' '),
);
/** Words ending in -ed that are rarely past-tense verbs in news. */
const NOT_PAST_ED = new Set(
  'hundred based called so-called related limited united interested concerned armed alleged detailed need indeed speed'.split(
    ' ',
  ),
);
/** Words that look ahead only in some company: "next week" but "next to", "set to" but "set aside", "is to resume" but "is". */
const FUTURE_AFTER: Record<string, RegExp> = {
  next: /^(?:week|month|year|day|spring|summer|fall|autumn|winter|quarter|season|sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/i,
  set: /^(?:to|for)$/i,
  slated: /^(?:to|for)$/i,
  // "plans to", not the noun in "set aside vacation plans".
  plan: /^to$/i,
  plans: /^to$/i,
};
const WINDOW_LEFT = 90;
const WINDOW_RIGHT = 50;

function classify(word: string, nextWord: string | undefined, previousWord: string | undefined): Tense {
  const w = word.toLowerCase();
  if (w in FUTURE_AFTER) {
    return nextWord !== undefined && FUTURE_AFTER[w].test(nextWord) ? 'future' : null;
  }
  // "is to resume trading", "are to meet": an arrangement ahead.
  if (word === 'may') return 'future'; // "May" is the month
  if (w === 'to' && previousWord && /^(?:is|are)$/i.test(previousWord)) return 'future';
  if (FUTURE_WORDS.has(w)) return 'future';
  if (SCHEDULE_VERBS.has(w)) return previousWord?.toLowerCase() === 'to' ? null : 'future';
  if (PAST_WORDS.has(w)) return 'past';
  if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed') && !NOT_PAST_ED.has(w) && !/^\p{Lu}/u.test(word))
    return 'past';
  return null;
}

/** Text of the sentence around [start, end), clipped to a small window. */
function sentenceWindow(text: string, start: number, end: number): { left: string; right: string } {
  let left = text.slice(Math.max(0, start - WINDOW_LEFT), start);
  const stop = /[.!?]["”’']?\s+(?=[A-Z"“])|\n\s*\n/g;
  let cut = -1;
  for (let m: RegExpExecArray | null; (m = stop.exec(left)); ) cut = m.index + m[0].length;
  if (cut >= 0) left = left.slice(cut);
  let right = text.slice(end, end + WINDOW_RIGHT);
  const endMatch = /[.!?]["”’']?(\s|$)|\n\s*\n/.exec(right);
  if (endMatch) right = right.slice(0, endMatch.index);
  return { left, right };
}

export function tenseAround(text: string, start: number, end: number): Tense {
  const { left, right } = sentenceWindow(text, start, end);
  const leftWords = left.match(/[A-Za-z']+/g) ?? [];
  const rightWords = right.match(/[A-Za-z']+/g) ?? [];
  // Walk outwards from the expression, one word each side per step; the left side wins a tie.
  const words = [...leftWords, ...rightWords];
  const around = (index: number): Tense =>
    index >= 0 && index < words.length ? classify(words[index], words[index + 1], words[index - 1]) : null;
  for (let i = 0; i < Math.max(leftWords.length, rightWords.length); i++) {
    const lt = around(leftWords.length - 1 - i);
    if (lt) return lt;
    const rt = i < rightWords.length ? around(leftWords.length + i) : null;
    if (rt) return rt;
  }
  return null;
}

/** True when a past-tense word stands right before the expression ("said Friday", "was told on Wednesday"): a report, never tomorrow. */
export function reportedJustBefore(text: string, start: number): boolean {
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: a slice of at most 30 characters
  const words = /([A-Za-z']+)\s+(?:on\s+)?$/.exec(text.slice(Math.max(0, start - 30), start));
  return words ? classify(words[1], undefined, undefined) === 'past' : false;
}

/** "effective Feb. 1" announces a change ahead, whatever the tense of the announcement ("became effective" does not). */
export function effectiveFrom(text: string, start: number): boolean {
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: a slice of at most 40 characters
  return /(?<!\b(?:became|become|becomes|was|were|been)\s+)\beffective\s+(?:on\s+|from\s+|as\s+of\s+)?$/i.test(
    text.slice(Math.max(0, start - 40), start),
  );
}
