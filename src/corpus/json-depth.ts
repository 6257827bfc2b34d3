/**
 * How deep a JSON text nests, found before it is parsed. News JSON nests a few dozen levels at most; a document of
 * 2.6 million nested arrays ('['.repeat(n) + ']'.repeat(n), 5 MB) cost JSON.parse 2.4 s of a worker's CPU to build
 * and collect. One linear pass over the characters, strings (and their backslash escapes) skipped, finds such a
 * document in a few milliseconds; malformed text is left for JSON.parse to reject.
 */

/** Deeper than this, a JSON document (or line, or script) is not read. */
export const MAX_JSON_DEPTH = 512;

/** The note of a document skipped for its depth. */
export const TOO_DEEP_NOTE = `nested deeper than ${MAX_JSON_DEPTH} levels: skipped`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Whether arrays and objects nest more than `limit` deep anywhere in text (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = endOfString(text, i + 1);
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) depth--;
  }
  return false;
}

/**
 * The index of the quote that closes a string whose text starts at `from` (text.length if it never closes): the next
 * quote after an even run of backslashes (each backslash is looked at once, behind the one quote it precedes).
 */
function endOfString(text: string, from: number): number {
  for (let at = text.indexOf('"', from); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (at - backslashes > from && text.charCodeAt(at - backslashes - 1) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return text.length;
}
