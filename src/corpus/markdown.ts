/**
 * Markdown -> story text in time linear in the input: heading marks, link and image syntax, emphasis marks, quote
 * marks, rules, list marks and HTML comments go; the words stay.
 *
 * Hand-written scanners rather than regular expressions or a full parser: regular expressions for paired marks
 * backtrack quadratically on hostile input (1 MB of "__x " never finished), and markdown-it, the fastest full
 * parser measured, took 3.6 s on that megabyte and 9.9 s on 1 MB of "![" (docs/hardening.md). Every search below
 * starts where the previous one for the same mark ended, so each character is looked at a bounded number of times.
 */
export function markdownToText(text: string): string {
  const lines = withoutLinksAndImages(withoutComments(text)).split('\n');
  return withoutStrongEmphasis(lines.map(lineText).join('\n'));
}

/** `<!-- ... -->` removed; a comment never closed hides the rest of the file, as in a browser. */
function withoutComments(text: string): string {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) break;
    out.push(text.slice(from, open));
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return out.join('');
    from = close + 3;
  }
  out.push(text.slice(from));
  return out.join('');
}

/** The first index of `needle` at or after `from`, remembered so that later searches never rescan. */
class ForwardSearch {
  private found = -2;
  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}
  at(from: number): number {
    if (this.found === -1 || this.found >= from) return this.found;
    this.found = this.text.indexOf(this.needle, from);
    return this.found;
  }
}

/** `![alt](url)` dropped, `[text](url)` -> text (text not empty, no `]` inside; url without `)`). */
function withoutLinksAndImages(text: string): string {
  const closeBracket = new ForwardSearch(text, ']');
  const closeParen = new ForwardSearch(text, ')');
  const out: string[] = [];
  let copied = 0;
  let i = text.indexOf('[');
  while (i >= 0) {
    const close = closeBracket.at(i + 1);
    if (close < 0) break;
    const paren = text[close + 1] === '(' ? closeParen.at(close + 2) : -1;
    const image = i > 0 && text[i - 1] === '!' && i - 1 >= copied;
    if (paren >= 0 && (image || close > i + 1)) {
      out.push(text.slice(copied, image ? i - 1 : i));
      if (!image) out.push(text.slice(i + 1, close));
      copied = paren + 1;
      i = text.indexOf('[', copied);
    } else {
      i = text.indexOf('[', i + 1);
    }
  }
  out.push(text.slice(copied));
  return out.join('');
}

/** One line without its block marks: quote marks (any depth), a heading's marks, a rule, a list bullet. */
function lineText(line: string): string {
  let start = 0;
  for (;;) {
    const at = indentEnd(line, start);
    if (line[at] !== '>') break;
    start = at + 1;
    if (line[start] === ' ' || line[start] === '\t') start++;
  }
  const at = indentEnd(line, start);
  const rest = start > 0 ? line.slice(start) : line;
  const heading = headingText(line, at);
  if (heading !== null) return heading;
  if (isRule(line, at)) return '';
  if ('-*+'.includes(line[at] ?? 'x') && line.length > at + 1 && (line[at + 1] === ' ' || line[at + 1] === '\t')) {
    return line.slice(spacesEnd(line, at + 1));
  }
  return rest;
}

/** Up to three spaces or tabs of indent. */
function indentEnd(line: string, from: number): number {
  let i = from;
  while (i < from + 3 && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

function spacesEnd(line: string, from: number): number {
  let i = from;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

/** "## Title ##" -> "Title"; null when the line is not an ATX heading. */
function headingText(line: string, at: number): string | null {
  let hashes = at;
  while (line[hashes] === '#' && hashes - at < 7) hashes++;
  const level = hashes - at;
  if (level < 1 || level > 6 || (line[hashes] !== ' ' && line[hashes] !== '\t')) return null;
  let end = line.length;
  while (end > hashes && (line[end - 1] === ' ' || line[end - 1] === '\t' || line[end - 1] === '#')) end--;
  return line.slice(spacesEnd(line, hashes), Math.max(end, spacesEnd(line, hashes)));
}

/** Three or more of one of `-`, `*`, `_`, with only spaces between: a thematic break. */
function isRule(line: string, at: number): boolean {
  let marks = 0;
  for (let i = at; i < line.length; i++) {
    const c = line[i];
    if (c === '-' || c === '*' || c === '_') marks++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return marks >= 3;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * `**text**` and `__text__` -> text: an opening pair before a non-space, closed by the next same pair after a
 * non-space. The candidate closers are found by one forward search per mark.
 */
function withoutStrongEmphasis(text: string): string {
  const closers = { '**': new ForwardSearch(text, '**'), __: new ForwardSearch(text, '__') };
  const out: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length - 1) {
    const pair = text.slice(i, i + 2);
    if ((pair !== '**' && pair !== '__') || isSpace(text[i + 2])) {
      i++;
      continue;
    }
    const close = closingPair(text, closers[pair], i + 3);
    if (close < 0) {
      i += 2;
      continue;
    }
    out.push(text.slice(copied, i), text.slice(i + 2, close));
    copied = close + 2;
    i = copied;
  }
  out.push(text.slice(copied));
  return out.join('');
}

/** The next pair at or after `from` with a non-space before it, or -1. */
function closingPair(text: string, search: ForwardSearch, from: number): number {
  let at = search.at(from);
  while (at >= 0 && isSpace(text[at - 1])) at = search.at(at + 1);
  return at;
}
