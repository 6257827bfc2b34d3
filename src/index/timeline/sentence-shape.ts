// What a timeline sentence must look like: page furniture (datelines, "last updated" stamps) cut off the front, and
// shapes that never say what happened (captions, questions, reader comments, cut fragments) left out.
// Rules as data, each with a name and its reason; every pattern is anchored or bounded, run once on one sentence.

export interface ShapeRule {
  name: string;
  reason: string;
  pattern: RegExp;
}

/** Prefixes cut off a sentence (the rest is the sentence). Each is anchored at the start and bounded in length. */
export const FURNITURE_PREFIXES: readonly ShapeRule[] = [
  {
    name: 'agency dateline',
    reason: 'a wire story opens "WASHINGTON | Wed Apr 29, 2009 5:24 pm EDT WASHINGTON (Reuters) - "; the news follows',
    pattern: /^[^()]{0,120}\((?:Reuters|AP|AFP|Associated Press|CNN|PA|Bloomberg)\)\s*(?:-{1,2}|–|—|:)\s*/,
  },
  {
    name: 'page stamp',
    reason:
      'a page opens "Page last updated at 07:02 GMT, Friday, 16 September 2011 08:02 UK": when it was edited, not what happened',
    pattern:
      /^(?:Page )?last updated at \d\d?:\d\d GMT,? (?:[a-z]+, )?(?:\d\d? [a-z]+ \d{4} )?(?:\d\d?:\d\d (?:UK|GMT) )?(?:Help )?/i,
  },
  {
    name: 'list bullet',
    reason:
      'a factbox line opens on its bullet ("* April 23 - The Coast Guard suspends its search", "• "); the line follows',
    pattern: /^(?:\\?\*|•)\s+/,
  },
  {
    name: 'dated page stamp',
    reason: 'the same stamp after the day: "28 September 2011 Last updated at 15:41 GMT Help"',
    pattern: /^\d\d? [A-Z][a-z]+ \d{4} Last updated at \d\d?:\d\d GMT (?:Help )?/,
  },
];

/** Sentences left out whole. Each pattern is tested once on one sentence of at most a few hundred characters. */
export const REJECTED_SHAPES: readonly ShapeRule[] = [
  { name: 'question', reason: 'a question asks; it does not tell what happened', pattern: /\?["'”’)]?\s*$/ },
  {
    name: 'cut fragment',
    reason:
      'a sentence opening in lower case, on a bracket or on the tail of a ticker ("L) ", from "(BP.L)") was cut from its start',
    pattern: /^(?:[a-z)\]]|[A-Z]{1,3}\) )/,
  },
  {
    name: 'photo caption',
    reason:
      'a caption shows ("is seen", "file photo", "pictured", "in this image", "image made from video") and ends on the picture\'s full date; it reports no event',
    pattern:
      /\b(?:file photo|photo taken|pictured|is seen|are seen|seen here)\b|\b(?:image|photo) (?:made |taken )?from (?:a )?video\b|\bin this (?:image|photo|picture|aerial view)\b|\bis shown at\b|\b[A-Z][a-z]{2,8}\.? \d\d?,? (?:19|20)\d\d\.?\s*$/,
  },
  {
    name: 'reader comment',
    reason: 'a reader\'s comment ("At 4:25 pm on 28 May 2010, Makonnen wrote:") is an opinion, not a report',
    pattern: /\bwrote:|^At \d\d?:\d\d\s?[ap]m\b/i,
  },
  {
    name: 'clock stamp',
    reason: 'a time of day with a zone ("4:21 PM", "09:51 UK time") marks a byline or a live-blog entry',
    pattern: /\b\d\d?:\d\d\s?(?:[AP]M|UK time|GMT|BST|EDT|EST)\b/,
  },
];

/** The sentence without its page furniture, or null when its shape never tells what happened. */
export function cleanSentence(text: string): string | null {
  let out = text.trim();
  for (const rule of FURNITURE_PREFIXES) out = out.replace(rule.pattern, '');
  for (const rule of REJECTED_SHAPES) if (rule.pattern.test(out)) return null;
  return out;
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\\.?';

/**
 * An entry of a chronology inside an article (a factbox, a "timeline" page): it opens with its own day and a colon or
 * a dash ("May 2 - Obama visits the Gulf Coast.", "16 May: A tube is inserted into the leaking pipe."). A journalist
 * wrote it to say what happened that day, in a timeline's words. Anchored, each part bounded.
 */
export const CHRONOLOGY_ENTRY: ShapeRule = {
  name: 'chronology entry',
  reason:
    'a dated line of a factbox or timeline ("April 29 - Obama pledges every available resource") is a timeline entry',
  pattern: new RegExp(`^(?:${MONTH} \\d\\d?|\\d\\d? ${MONTH})(?:,? \\d{4})?\\s?(?::|-{1,2}|–|—)\\s`),
};

/** The entry without its opening day (the timeline shows the day) when the sentence is a chronology entry; else null. */
export function chronologyEntry(text: string): string | null {
  const m = CHRONOLOGY_ENTRY.pattern.exec(text);
  return m ? text.slice(m[0].length) : null;
}
