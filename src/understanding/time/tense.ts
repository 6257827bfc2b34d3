/**
 * The tense around a time expression, enough to decide whether "Thursday" or "in January" points back or ahead.
 * The nearest tense marker within the expression's sentence wins: "said Thursday that it will ..." is past,
 * "will travel on Thursday" is future.
 */
export type Tense = 'past' | 'future' | null;

const FUTURE_WORDS = new Set(
  "will won't 'll shall would wouldn't going plan plans planned planning scheduled expected expects expect due set slated upcoming intend intends aim aims could may might tomorrow next coming hopes hope soon".split(' '),
);
const PAST_WORDS = new Set('was were had did said ago last earlier yesterday told reported announced been wasn\'t weren\'t didn\'t hadn\'t'.split(' '));
const WINDOW_LEFT = 90;
const WINDOW_RIGHT = 50;

function classify(word: string): Tense {
  const w = word.toLowerCase();
  if (FUTURE_WORDS.has(w)) return 'future';
  if (PAST_WORDS.has(w)) return 'past';
  if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) return 'past';
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
  for (let i = 0; i < Math.max(leftWords.length, rightWords.length); i++) {
    const l = leftWords[leftWords.length - 1 - i];
    const lt = l ? classify(l) : null;
    if (lt) return lt;
    const r = rightWords[i];
    const rt = r ? classify(r) : null;
    if (rt) return rt;
  }
  return null;
}
